package dev.verdict.content.pages;

import dev.verdict.content.Catalogue;
import dev.verdict.content.CatalogueReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The site as it is published: site/'s own files plus the pages generated from the catalogue, in one directory that
 * {@code aws s3 sync} uploads. The build runs it at {@code package} (site/pom.xml); run it by hand with
 * <pre>java -cp content/target/content-loader.jar dev.verdict.content.pages.PublishSite --site site --out site/target/public --origin https://…</pre>
 * A catalogue that fails validation stops it, as it stops the loader: nothing is written.
 */
public final class PublishSite {

    /** site/ is also the browser tests' Maven module: these never travel. */
    private static final List<String> NOT_PUBLISHED = List.of("pom.xml", "src", "target");

    private PublishSite() {
    }

    public static void main(String[] args) throws IOException {
        Path site = null;
        Path out = null;
        Path catalogueDir = null;
        String origin = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--site" -> site = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--catalogue" -> catalogueDir = Path.of(args[i + 1]);
                case "--origin" -> origin = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (site == null || out == null || origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("usage: PublishSite --site DIR --out DIR --origin https://host [--catalogue DIR]");
        }
        Catalogue catalogue = catalogueDir == null ? CatalogueReader.fromClasspath() : CatalogueReader.fromDirectory(catalogueDir);
        int written = publish(site, catalogue, origin, out);
        System.out.println("PublishSite: " + written + " files in " + out.toAbsolutePath() + " for " + origin);
    }

    static int publish(Path site, Catalogue catalogue, String origin, Path out) throws IOException {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(site)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path relative = site.relativize(file);
                if (!NOT_PUBLISHED.contains(relative.getName(0).toString())) {
                    files.put(relative.toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
        }
        files.putAll(SitePages.render(catalogue, Files.readString(site.resolve("compare.html")), origin));
        files.putAll(RankingPages.render(catalogue, name -> read(site.resolve(name)), origin));
        files.put("index.html", SitePages.home(catalogue, Files.readString(site.resolve("index.html")), origin));
        Map<String, byte[]> published = AssetNames.apply(files);
        for (Map.Entry<String, byte[]> file : published.entrySet()) {
            Path target = out.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        return published.size();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
