package dev.verdict.content.pages;

import dev.verdict.localkit.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The site's static files, the repository's site/ folder beside template.yaml. Found from the template, not from the
 * working directory, so the tests read the same files when another module's build runs them (the mutation profile's
 * run of core through every module's tests).
 */
final class SiteFiles {

    static final Path DIR = SamTemplate.locate().resolveSibling("site");

    private SiteFiles() {
    }

    static String read(String name) throws IOException {
        return Files.readString(DIR.resolve(name));
    }
}
