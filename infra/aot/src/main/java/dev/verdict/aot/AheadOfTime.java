package dev.verdict.aot;

import io.micronaut.aot.MicronautAotOptimizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Micronaut AOT for one function's deployable jar, after it is shaded: what micronaut-aot-cli does (its Main builds
 * the optimizer's properties and calls {@link MicronautAotOptimizer#execute}), then the generated classes and their
 * service registrations added to that jar. The CLI itself has no release at the AOT version the Micronaut platform
 * sets, which is why this program exists.
 *
 * <p>The jar is analysed as Lambda runs it: it is the whole classpath here (with only the optimizer beside it), so
 * what is precomputed is exactly what that jar would find at start. The generated {@code ApplicationContextConfigurer}
 * is loaded by {@code ApplicationContext.builder()} through META-INF/services, on the handlers' own path.
 *
 * <p>Arguments: the jar, the package for the generated classes, a work directory.
 */
public final class AheadOfTime {

    private static final String SERVICES = "META-INF/services/";

    private AheadOfTime() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: AheadOfTime <function jar> <package> <work directory>");
        }
        Path jar = Path.of(args[0]).toAbsolutePath();
        String generatedPackage = args[1];
        Path work = Path.of(args[2]).toAbsolutePath();
        Path classes = work.resolve("classes");
        deleteTree(work);

        MicronautAotOptimizer.execute(properties(jar, generatedPackage, work));
        addToJar(classes, jar);
        System.out.println("Micronaut AOT: " + generatedPackage + " added to " + jar.getFileName());
    }

    /** The optimizations (optimizations.properties) plus what the CLI adds from its options. */
    private static Properties properties(Path jar, String generatedPackage, Path work) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = AheadOfTime.class.getResourceAsStream("optimizations.properties")) {
            properties.load(in);
        }
        properties.setProperty("classpath", jar.toString());
        properties.setProperty("package", generatedPackage);
        properties.setProperty("output.directory", work.toString());
        properties.setProperty("runtime", "jit");
        return properties;
    }

    /**
     * Every generated file into the jar. A service file the jar already has gets the new lines appended, as the shade
     * plugin's ServicesResourceTransformer would have merged it; any other file must be new.
     */
    private static void addToJar(Path classes, Path jar) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(jar, Map.of());
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                Path target = zip.getPath(name);
                if (target.getParent() != null) {
                    Files.createDirectories(target.getParent());
                }
                if (name.startsWith(SERVICES) && Files.exists(target)) {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    Files.write(target, ("\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                            StandardOpenOption.APPEND);
                } else if (Files.exists(target)) {
                    throw new IllegalStateException(jar.getFileName() + " already has " + name);
                } else {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
