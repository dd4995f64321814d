package dev.verdict.bench;

import dev.verdict.bench.launch.ColdLauncher;
import dev.verdict.localkit.FunctionSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Cold starts: a fresh JVM per sample, started as Lambda starts one. The child's classpath is the function's deployable
 * jar (template.yaml's CodeUri) plus the launcher jar; its environment is exactly the function's variables from
 * template.yaml, as real environment variables (so JAVA_TOOL_OPTIONS from Globals applies, as on Lambda); it loads the
 * handler by name, runs INIT and one event, and reports the time from JVM start to the response.
 */
final class ColdStarts {

    /** Flags Lambda's java21 runtime starts the JVM with that matter for start-up; tiered flags come from the template. */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto");

    /** {@code diagnostic}: a variant measured to explain a figure, left out of the ratio. */
    record Target(String name, Path jar, String handlerClass, Map<String, String> environment,
                  IntFunction<List<String>> event, long timeoutMillis, List<String> jvmArgs, boolean diagnostic) {
        Target(String name, Path jar, String handlerClass, Map<String, String> environment, IntFunction<List<String>> event,
               long timeoutMillis) {
            this(name, jar, handlerClass, environment, event, timeoutMillis, List.of(), false);
        }

        /** The same start with an application class-data archive (AppCDS) trained on this target's own start. */
        Target withAppCds(Path archive) {
            return new Target(name + ".withAppCds", jar, handlerClass, environment, event, timeoutMillis,
                    List.of("-XX:SharedArchiveFile=" + archive), true);
        }

        Target withoutEagerInit() {
            return new Target(name + ".withoutEagerInit", jar, handlerClass, environment, event, timeoutMillis,
                    List.of("-D" + ColdLauncher.WITHOUT_EAGER_INIT + "=true"), true);
        }
    }

    record Sample(long jvmToResponseMs, long wallMs, long initMs, long invokeMs, long jvmToMainMs, long classes) {
    }

    private final BenchStack stack;
    private final PrintStream log;
    private final List<String> extraJvmArgs;

    ColdStarts(BenchStack stack, PrintStream log, List<String> extraJvmArgs) {
        this.stack = stack;
        this.log = log;
        this.extraJvmArgs = extraJvmArgs;
    }

    /** Every function of template.yaml whose deployable jar has been built, with a representative event. */
    List<Target> functionTargets() {
        List<Target> targets = new ArrayList<>();
        for (FunctionSpec function : stack.template().functions()) {
            Path jar = stack.root().resolve(function.codeUri());
            Optional<List<String>> event = SampleEvents.forFunction(function, 0, stack.signer());
            if (Files.isRegularFile(jar) && event.isPresent()) {
                targets.add(new Target(simpleName(function.handlerClass()), jar, function.handlerClass(),
                        stack.environment(function), n -> SampleEvents.forFunction(function, n, stack.signer()).orElseThrow(),
                        BenchStack.timeoutMillis(stack.template(), function)));
            } else {
                log.println("cold start: skipping " + function.logicalId() + (Files.isRegularFile(jar)
                        ? " (no event type the bench can build)" : " (" + jar + " not built; run mvn package)"));
            }
        }
        return targets;
    }

    /** The bare handler: same environment and same event as the function that serves GET /comparisons/{slug}. */
    Optional<Target> baselineTarget() {
        Path jar = stack.root().resolve("infra/bench/target/baseline-lambda.jar");
        Optional<FunctionSpec> reads = stack.template().functions().stream()
                .filter(f -> f.routes().stream().anyMatch(r -> r.method().equals("GET") && r.path().equals("/comparisons/{slug}")))
                .findFirst();
        if (!Files.isRegularFile(jar) || reads.isEmpty()) {
            return Optional.empty();
        }
        FunctionSpec.HttpRoute route = new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}");
        return Optional.of(new Target("baseline", jar, "dev.verdict.bench.baseline.BareComparisonHandler",
                stack.environment(reads.get()), n -> SampleEvents.http(route, n, stack.signer()),
                BenchStack.timeoutMillis(stack.template(), reads.get())));
    }

    Optional<Path> launcherJar() {
        Path dir = stack.root().resolve("infra/bench/target");
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("bench-.*-launcher\\.jar")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code samples} rounds over every target, after one discarded round (which warms the page cache and
     * DynamoDB Local, neither of which belongs to a Lambda cold start). Each round visits the targets in a new random
     * order so that neither the handlers nor the baseline always run on a quieter machine.
     */
    Map<String, List<Sample>> measure(List<Target> targets, Path launcher, int samples) {
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        targets.forEach(t -> results.put(t.name(), new ArrayList<>()));
        List<Target> order = new ArrayList<>(targets);
        Random random = new Random(7);
        int n = 1;
        for (int round = 0; round <= samples; round++) {
            Collections.shuffle(order, random);
            for (Target target : order) {
                Sample sample = runOnce(target, launcher, n++);
                if (round > 0) {
                    results.get(target.name()).add(sample);
                }
            }
            log.println("cold start: round " + round + (round == 0 ? " (discarded)" : "") + " done");
        }
        return results;
    }

    Sample runOnce(Target target, Path launcher, int n) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(extraJvmArgs);
        command.addAll(target.jvmArgs());
        command.add("-D" + ColdLauncher.TIMEOUT_MILLIS + "=" + target.timeoutMillis());
        command.add("-cp");
        command.add(target.jar() + java.io.File.pathSeparator + launcher);
        command.add(ColdLauncher.class.getName());
        command.add(target.handlerClass());
        command.addAll(target.event().apply(n));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only the function's variables and what Lambda itself sets, not this process's environment.
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(target.environment());
        env.put("AWS_LAMBDA_FUNCTION_NAME", target.name());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("TZ", "UTC");
        env.put("LANG", "en_US.UTF-8");
        try {
            long started = System.nanoTime();
            Process process = builder.start();
            StringBuilder errors = drain(process.getErrorStream());
            String line = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = out.readLine()) != null; ) {
                    if (l.startsWith(ColdLauncher.MARKER)) {
                        line = l;
                        break;
                    }
                }
            }
            long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (line == null) {
                throw new IllegalStateException(target.name() + " cold start printed no result; stderr:\n" + tail(errors));
            }
            Map<String, String> fields = fields(line);
            if (!"ok".equals(fields.get("outcome"))) {
                throw new IllegalStateException(target.name() + " answered " + fields.get("outcome") + "; stderr:\n" + tail(errors));
            }
            return new Sample(Long.parseLong(fields.get("jvmToResponseMs")), wallMs, Long.parseLong(fields.get("initMs")),
                    Long.parseLong(fields.get("invokeMs")), Long.parseLong(fields.get("jvmToMainMs")),
                    Long.parseLong(fields.get("classes")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A training start that writes a dynamic AppCDS archive of every class the start loaded (JDK 13+, so also Lambda's
     * java21): what a build step could ship beside the jar, for -XX:SharedArchiveFile in JAVA_TOOL_OPTIONS.
     */
    Path trainAppCds(Target target, Path launcher, Path dir) {
        try {
            Files.createDirectories(dir);
            Path archive = dir.resolve(target.name() + ".jsa").toAbsolutePath();
            Files.deleteIfExists(archive);
            Target training = new Target(target.name(), target.jar(), target.handlerClass(), target.environment(),
                    target.event(), target.timeoutMillis(), List.of("-XX:ArchiveClassesAtExit=" + archive), true);
            runOnce(training, launcher, 0);
            for (int i = 0; i < 100 && !Files.isRegularFile(archive); i++) {
                Thread.sleep(100); // the archive is written as the child exits, after its result line
            }
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("no AppCDS archive written for " + target.name());
            }
            return archive;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.substring(ColdLauncher.MARKER.length()).trim().split(" ")) {
            int eq = part.indexOf('=');
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return fields;
    }

    private static StringBuilder drain(InputStream stream) {
        StringBuilder text = new StringBuilder();
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) {
                    synchronized (text) {
                        if (text.length() < 200_000) {
                            text.append(l).append('\n');
                        }
                    }
                }
            } catch (IOException ignored) {
                // the child is gone; what was read is enough to explain a failure
            }
        }, "cold-start-stderr");
        thread.setDaemon(true);
        thread.start();
        return text;
    }

    private static String tail(StringBuilder text) {
        synchronized (text) {
            return text.length() <= 4000 ? text.toString() : text.substring(text.length() - 4000);
        }
    }

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
