package dev.verdict.bench;

import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.localkit.RicFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Cold starts as Lambda has them: a fresh JVM per sample, the function's deployable jar (template.yaml's CodeUri)
 * unpacked as the task root and started by the official Runtime Interface Client with Lambda's java21 flags and
 * environment (the kit's {@link RicFunction}), the handler string from template.yaml. INIT is the process's start to
 * the runtime's first {@code /next} call on the Runtime API emulator; the first invoke is one event sent after it,
 * to its answer. SnapStart's restore cannot be had off AWS, so these are on-demand starts (no snapshot).
 */
final class ColdStarts {

    /** {@code memoryMb}: the Lambda memory size the start is given (its heap flag and AWS_LAMBDA_FUNCTION_MEMORY_SIZE). */
    record Target(String name, Path jar, String handler, Map<String, String> environment,
                  IntFunction<byte[]> event, long timeoutMillis, List<String> jvmArgs, int memoryMb) {
        Target(String name, Path jar, String handler, Map<String, String> environment, IntFunction<byte[]> event,
               long timeoutMillis, int memoryMb) {
            this(name, jar, handler, environment, event, timeoutMillis, List.of(), memoryMb);
        }

        /** The same start with an application class-data archive (AppCDS) trained on this target's own start. */
        Target withAppCds(Path archive) {
            return new Target(name + ".withAppCds", jar, handler, environment, event, timeoutMillis,
                    List.of("-XX:SharedArchiveFile=" + archive), memoryMb);
        }

        /** The same start at another memory size, with extra JVM flags (the memory model's one-CPU proxy). */
        Target atMemory(int mb, List<String> extraJvmArgs) {
            return new Target(name + ".memory" + mb, jar, handler, environment, event, timeoutMillis,
                    List.copyOf(extraJvmArgs), mb);
        }
    }

    /**
     * One start: INIT, the first invoke, their sum, the parent's wall time from spawning to the answer, and the CPU
     * time the JVM had used by then (user + system, all threads; -1 where the OS cannot tell).
     */
    record Sample(long initMs, long invokeMs, long totalMs, long wallMs, long cpuMs) {
    }

    private static final String BASELINE_PACKAGE = "dev.verdict.bench.baseline.";

    private final BenchStack stack;
    private final PrintStream log;
    private final List<String> extraJvmArgs;
    /**
     * The next sample's number, across every pass: a sample's event is new to the tables (a new voter's vote, a stream
     * batch past every checkpoint written so far), whichever target ran before it.
     */
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(1);

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
            if (Files.isRegularFile(jar) && SampleEvents.forFunction(function, 0, stack.signer()).isPresent()) {
                targets.add(new Target(simpleName(function.handlerClass()), jar, function.handler(),
                        stack.environment(function), n -> SampleEvents.forFunction(function, n, stack.signer()).orElseThrow(),
                        BenchStack.timeoutMillis(stack.template(), function), stack.template().memorySize(function)));
            } else {
                log.println("cold start: skipping " + function.logicalId() + (Files.isRegularFile(jar)
                        ? " (no event type the bench can build)" : " (" + jar + " not built; run mvn package)"));
            }
        }
        return targets;
    }

    /** The bare handler under the same runtime: same environment and same event as GET /comparisons/{slug}'s function. */
    Optional<Target> baselineTarget() {
        Path jar = baselineJar();
        Optional<FunctionSpec> reads = WarmCosts.readFunction(stack);
        if (!Files.isRegularFile(jar) || reads.isEmpty()) {
            return Optional.empty();
        }
        FunctionSpec.HttpRoute route = new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}");
        return Optional.of(new Target("baseline", jar, BASELINE_PACKAGE + "BareComparisonsHandler",
                stack.environment(reads.get()), n -> SampleEvents.http(route, n, stack.signer()).json(),
                BenchStack.timeoutMillis(stack.template(), reads.get()), stack.template().memorySize(reads.get())));
    }

    /**
     * The function's bare twin ({@code dev.verdict.bench.baseline.Bare} and the handler's simple name), where the
     * baseline jar has one: the same environment, the same kind of event for each sample, the same timeout and
     * memory, a handler without the framework that makes the function's DynamoDB calls ({@link #calls} checks it).
     */
    Optional<Target> twinOf(Target function) {
        String handler = BASELINE_PACKAGE + "Bare" + function.name();
        try (var jar = new java.util.zip.ZipFile(baselineJar().toFile())) {
            if (jar.getEntry(handler.replace('.', '/') + ".class") == null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new Target("Bare" + function.name(), baselineJar(), handler, function.environment(),
                function.event(), function.timeoutMillis(), function.memoryMb()));
    }

    /** One start each of a function and its twin, with the DynamoDB calls each made. */
    record TwinCheck(List<DynamoCallRecorder.Call> function, List<DynamoCallRecorder.Call> twin) {
        /** The same operations on the same tables, in the same order. */
        boolean same() {
            return function.equals(twin);
        }
    }

    TwinCheck checkTwin(Target function, Target twin, DynamoCallRecorder recorder) {
        return new TwinCheck(calls(function, recorder), calls(twin, recorder));
    }

    /** The DynamoDB calls one start of {@code target} makes (INIT and its first invoke), recorded on their way to the engine. */
    List<DynamoCallRecorder.Call> calls(Target target, DynamoCallRecorder recorder) {
        Map<String, String> environment = new LinkedHashMap<>(target.environment());
        environment.put("DYNAMODB_ENDPOINT", recorder.endpoint().toString());
        recorder.take();
        runOnce(new Target(target.name(), target.jar(), target.handler(), environment, target.event(), target.timeoutMillis(),
                target.jvmArgs(), target.memoryMb()), next.getAndIncrement());
        return recorder.take();
    }

    private Path baselineJar() {
        return stack.root().resolve("infra/bench/target/baseline-lambda.jar");
    }

    /**
     * Runs {@code samples} rounds over every target, after one discarded round (which warms the page cache and the
     * engine, neither of which belongs to a Lambda cold start). Each round visits the targets in a new random order
     * so that neither the handlers nor the baseline always run on a quieter machine.
     */
    Map<String, List<Sample>> measure(List<Target> targets, int samples) {
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        targets.forEach(t -> results.put(t.name(), new ArrayList<>()));
        List<Target> order = new ArrayList<>(targets);
        Random random = new Random(7);
        for (int round = 0; round <= samples; round++) {
            Collections.shuffle(order, random);
            for (Target target : order) {
                Sample sample = runOnce(target, next.getAndIncrement());
                if (round > 0) {
                    results.get(target.name()).add(sample);
                }
            }
            log.println("cold start: round " + round + (round == 0 ? " (discarded)" : "") + " done");
        }
        return results;
    }

    Sample runOnce(Target target, int n) {
        byte[] event = target.event().apply(n);
        List<String> jvmArgs = new ArrayList<>(extraJvmArgs);
        jvmArgs.addAll(target.jvmArgs());
        long spawned = System.nanoTime();
        try (RicFunction function = RicFunction.start(new RicFunction.Launch(target.name(), target.handler(), target.jar(),
                target.environment(), target.memoryMb(), Duration.ofMillis(target.timeoutMillis()), false, jvmArgs))) {
            Duration init = function.awaitInit(Duration.ofSeconds(120));
            long invoked = System.nanoTime();
            LambdaResult result = function.invoke(event);
            long answered = System.nanoTime();
            String outcome = SampleEvents.outcome(result);
            if (!outcome.equals("ok")) {
                throw new IllegalStateException(target.name() + " answered " + outcome + "; its log:\n"
                        + String.join("\n", function.lastLog(40)));
            }
            long cpuMs = function.cpuTime().map(Duration::toMillis).orElse(-1L);
            long invokeMs = (answered - invoked) / 1_000_000;
            return new Sample(init.toMillis(), invokeMs, init.toMillis() + invokeMs, (answered - spawned) / 1_000_000, cpuMs);
        }
    }

    /**
     * A training start that writes a dynamic AppCDS archive of every class the start loaded (JDK 13+, so also Lambda's
     * java21): what a build step could ship beside the jar, for -XX:SharedArchiveFile in JAVA_TOOL_OPTIONS. The
     * archive is written as the JVM exits (the environment is ended with SIGTERM after its first answer).
     */
    Path trainAppCds(Target target, Path dir) {
        try {
            Files.createDirectories(dir);
            Path archive = dir.resolve(target.name() + ".jsa").toAbsolutePath();
            Files.deleteIfExists(archive);
            runOnce(new Target(target.name(), target.jar(), target.handler(), target.environment(), target.event(),
                    target.timeoutMillis(), List.of("-XX:ArchiveClassesAtExit=" + archive), target.memoryMb()), next.getAndIncrement());
            for (int i = 0; i < 100 && !Files.isRegularFile(archive); i++) {
                Thread.sleep(100);
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

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
