package dev.verdict.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The static site (site/), from a directory when one is given (edit and reload) or else from the copy inside the
 * jar. {@code /} is index.html, {@code /x} is x.html, and {@code /compare/{slug}} is compare.html, the comparison page.
 */
final class SiteFiles {

    record File(byte[] bytes, String contentType) {
    }

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8", "json", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8", "webmanifest", "application/manifest+json");

    private final Path directory;

    SiteFiles(Path directory) {
        this.directory = directory;
    }

    Optional<File> find(String rawPath) {
        String path = RouteTable.decode(rawPath);
        if (path.contains("..") || path.contains("\0") || path.contains("\\")) {
            return Optional.empty();
        }
        String[] segments = path.replaceAll("^/+", "").split("/", -1);
        if (path.equals("/") || path.isEmpty()) {
            return read("index.html");
        }
        Optional<File> exact = segments[segments.length - 1].contains(".") ? read(path.substring(1)) : Optional.empty();
        if (exact.isPresent()) {
            return exact;
        }
        if (segments.length == 1) {
            return read(segments[0] + ".html");
        }
        if (segments.length == 2 && segments[0].equals("compare")) {
            return read("compare.html");
        }
        return Optional.empty();
    }

    private Optional<File> read(String relative) {
        String extension = relative.substring(relative.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();
        }
        try {
            if (directory != null) {
                Path file = directory.resolve(relative).normalize();
                return file.startsWith(directory) && Files.isRegularFile(file)
                        ? Optional.of(new File(Files.readAllBytes(file), type)) : Optional.empty();
            }
            try (InputStream in = SiteFiles.class.getResourceAsStream("/site/" + relative)) {
                return in == null ? Optional.empty() : Optional.of(new File(in.readAllBytes(), type));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
