package dev.verdict.site;

import dev.verdict.local.LocalService;
import dev.verdict.localkit.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole local stack (site files from site/, the handlers template.yaml names, one DynamoDB engine) and one
 * headless Chromium, started once for every browser test class in this JVM and stopped when the run ends (JUnit's root
 * store closes them). A class that uses it says {@code @ExtendWith(SharedSite.class)} and reads the parts in its
 * {@code @BeforeAll}. Without Chromium every such class is skipped, with one line saying why.
 */
final class SharedSite implements BeforeAllCallback {

    static final Path ROOT = Path.of(System.getProperty("verdict.root", "..")).toAbsolutePath().normalize();

    /** What the classes share; closed once, after the last of them. */
    record Parts(LocalService stack, Browser browser, SamTemplate template) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            browser.close();
            stack.close();
        }
    }

    private static volatile Parts parts;

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<String> why = Browser.unavailable();
        why.ifPresent(reason -> System.out.println("SKIPPED browser tests (" + context.getDisplayName() + "): " + reason));
        Assumptions.assumeTrue(why.isEmpty(), () -> why.orElse(""));
        parts = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Parts.class, key -> start(), Parts.class);
    }

    private static Parts start() {
        try {
            SamTemplate template = SamTemplate.load(ROOT.resolve("template.yaml"));
            LocalService stack = LocalService.start(
                    new LocalService.Options(null, true, 0, ROOT.resolve("site"), ROOT.resolve("template.yaml")));
            return new Parts(stack, Browser.start(), template);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalService stack() {
        return parts.stack();
    }

    static Browser browser() {
        return parts.browser();
    }

    static SamTemplate template() {
        return parts.template();
    }
}
