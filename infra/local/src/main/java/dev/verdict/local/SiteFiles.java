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
 * jar, plus the pages generated from the catalogue at start (content's SitePages, as the build generates them for
 * publishing). {@code /} is index.html, {@code /x} is x.html, and {@code /compare/{slug}} is that comparison's
 * generated page, {@code compare/{slug}/index.html}; a slug the catalogue does not hold is not found. Every issue of the
 * newsletter's archive, {@code /newsletter/archive/{id}}, is the one shell {@code newsletter/archive/issue.html}, as
 * template.yaml's SitePaths maps it at the edge.
 */
final class SiteFiles {

    record File(byte[] bytes, String contentType, java.time.Instant lastModified) {
    }

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json"), Map.entry("xml", "application/xml; charset=utf-8"));

    /** An issue's address: its ISO week ({@code 2026-W48}); the shell's script asks the API for it. */
    private static final java.util.regex.Pattern ISSUE_PAGE = java.util.regex.Pattern.compile("/newsletter/archive/[0-9]{4}-W[0-9]{2}/?");

    private final Path directory;
    private final EdgePaths edge;
    private volatile Map<String, byte[]> generated = Map.of();
    /** What the generated files and the jar's copy report as modified: when this stack started. */
    private final java.time.Instant started = java.time.Instant.now();

    SiteFiles(Path directory, EdgePaths edge) {
        this.directory = directory;
        this.edge = edge;
    }

    /**
     * The not-found page, for a path CloudFront would take to the bucket (no API behaviour matches it) when the bucket
     * has nothing there; empty for the API's paths, which the API answers itself.
     */
    Optional<File> notFoundPage(String rawPath) {
        return edge.toApi(rawPath) || edge.empty() ? Optional.empty() : read("404.html");
    }

    /** The generated files, by path from the site's root (no leading slash); they take precedence over site/'s. */
    void serveGenerated(Map<String, byte[]> files) {
        this.generated = Map.copyOf(files);
    }

    /** compare.html, the template of the comparison pages. */
    String compareTemplate() {
        return read("compare.html").map(file -> new String(file.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("the site has no compare.html"));
    }

    /** A site file the generated pages are made from (tool.html, leaderboard.html), as text. */
    String template(String relative) {
        return read(relative).map(file -> new String(file.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow(() -> new IllegalStateException("the site has no " + relative));
    }

    /** index.html, the template of the home page: read before the generated pages, which hold the filled one, are served. */
    String homeTemplate() {
        return template("index.html");
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
        if (ISSUE_PAGE.matcher(path).matches()) {
            return read("newsletter/archive/issue.html");
        }
        Optional<File> exact = segments[segments.length - 1].contains(".") ? read(path.substring(1)) : Optional.empty();
        if (exact.isPresent()) {
            return exact;
        }
        if (segments.length == 1) {
            return read(segments[0] + ".html");
        }
        if (segments.length == 2 || (segments.length == 3 && segments[2].isEmpty())) {
            return read(segments[0] + "/" + segments[1] + "/index.html");
        }
        return Optional.empty();
    }

    private Optional<File> read(String relative) {
        String extension = relative.substring(relative.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();
        }
        byte[] made = generated.get(relative);
        if (made != null) {
            return Optional.of(new File(made, type, started));
        }
        try {
            if (directory != null) {
                Path file = directory.resolve(relative).normalize();
                return file.startsWith(directory) && Files.isRegularFile(file)
                        ? Optional.of(new File(Files.readAllBytes(file), type, Files.getLastModifiedTime(file).toInstant()))
                        : Optional.empty();
            }
            try (InputStream in = SiteFiles.class.getResourceAsStream("/site/" + relative)) {
                return in == null ? Optional.empty() : Optional.of(new File(in.readAllBytes(), type, started));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
