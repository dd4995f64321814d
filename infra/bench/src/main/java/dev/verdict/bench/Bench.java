package dev.verdict.bench;

import dev.verdict.bench.baseline.BareComparisonRead;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.RicFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every benchmark against the local engine (moto's server), prints the table and writes bench.json:
 * {@code java -jar infra/bench/target/bench.jar [--cold-samples N] [--warmup N] [--iterations N] [--out FILE]}
 * (from the repository root, after {@code mvn package}; {@code ./verdict bench} does both).
 */
public final class Bench {

    /** What to run and how much of it; the defaults take a few minutes on 2 cores. */
    record Options(int coldSamples, int warmup, int iterations, int otherIterations, Path out, List<String> childJvmArgs,
                   boolean appCds, int voteThreads, int votesPerThread, int voteRounds, int streamVotes, int recomputeVotes,
                   int voterSamples, int steadySeconds, int steadyCompareWindow, int newsletterReaders, java.util.Set<String> only,
                   boolean appCdsEveryFunction, int memorySamples) {

        /** Whether section {@code name} runs: every one unless {@code --only} named some. */
        boolean runs(String name) {
            return only.isEmpty() || only.contains(name);
        }

        /**
         * Ten cold samples at least, so that a p90 (nearest rank: the 9th of 10) is a sample of its own rather than the
         * slowest. The vote phases: 16 rounds of 25 votes a thread (half a second a phase here) rather than 2 of 100. On a
         * machine shared with other builds one two-second phase's rate swung from 0.6 to 1.8 times its neighbour's;
         * short phases in ABBA order, many of them, weigh such swings on both sides alike.
         */
        static Options defaults() {
            return new Options(10, 500, 1000, 200, Path.of("infra/bench/target/bench.json"), List.of(), true,
                    4, 25, 16, 10_000, 100_000, 20, 120, 5, 10_000, java.util.Set.of(), false, 3);
        }

        /** A run small enough for a test: no cold starts, a few hundred calls, small vote counts. */
        static Options tiny(Path out) {
            return new Options(0, 20, 40, 5, out, List.of(), false, 1, 10, 1, 400, 400, 2, 3, 5, 200, java.util.Set.of(),
                    false, 0);
        }

        static Options parse(String[] args) {
            Options d = defaults();
            int coldSamples = d.coldSamples();
            int warmup = d.warmup();
            int iterations = d.iterations();
            int otherIterations = d.otherIterations();
            Path out = d.out();
            List<String> childJvmArgs = new java.util.ArrayList<>();
            boolean appCds = d.appCds();
            int voteThreads = d.voteThreads();
            int votesPerThread = d.votesPerThread();
            int voteRounds = d.voteRounds();
            int streamVotes = d.streamVotes();
            int recomputeVotes = d.recomputeVotes();
            int voterSamples = d.voterSamples();
            int steadySeconds = d.steadySeconds();
            int newsletterReaders = d.newsletterReaders();
            int steadyCompareWindow = d.steadyCompareWindow();
            java.util.Set<String> only = new java.util.LinkedHashSet<>();
            boolean appCdsEveryFunction = d.appCdsEveryFunction();
            int memorySamples = d.memorySamples();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--cold-samples" -> coldSamples = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                    case "--other-iterations" -> otherIterations = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    // Extra flags for the cold-start children, to find out why: e.g. -Xlog:class+load:file=/tmp/c-%p.log
                    case "--child-jvm-arg" -> childJvmArgs.add(args[++i]);
                    case "--no-appcds", "--no-diagnostics" -> appCds = false;
                    // AppCDS for every function rather than the read handler and the slowest (doubles the cold section).
                    case "--appcds-every-function" -> appCdsEveryFunction = true;
                    // Cold starts of the read handler per memory size in the memory section (0: no cold starts there).
                    case "--memory-samples" -> memorySamples = Integer.parseInt(args[++i]);
                    case "--vote-threads" -> voteThreads = Integer.parseInt(args[++i]);
                    case "--votes-per-thread" -> votesPerThread = Integer.parseInt(args[++i]);
                    case "--vote-rounds" -> voteRounds = Integer.parseInt(args[++i]);
                    case "--stream-votes" -> streamVotes = Integer.parseInt(args[++i]);
                    case "--recompute-votes" -> recomputeVotes = Integer.parseInt(args[++i]);
                    case "--voter-samples" -> voterSamples = Integer.parseInt(args[++i]);
                    case "--steady-seconds" -> steadySeconds = Integer.parseInt(args[++i]);
                    case "--newsletter-readers" -> newsletterReaders = Integer.parseInt(args[++i]);
                    // The steady figure again with this batching window in place of the template's (0: not at all).
                    case "--steady-compare-window" -> steadyCompareWindow = Integer.parseInt(args[++i]);
                    // Sections by name, comma-separated: cold start, memory, warm, read capacity, votes, voters, stream, recompute, newsletter.
                    case "--only" -> only.addAll(List.of(args[++i].split(",")));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (options: --cold-samples N,"
                            + " --warmup N, --iterations N, --other-iterations N, --out FILE, --child-jvm-arg FLAG, --no-diagnostics, --appcds-every-function, --memory-samples N, --vote-threads N, --votes-per-thread N, --vote-rounds N, --stream-votes N,"
                            + " --recompute-votes N, --voter-samples N, --steady-seconds N, --steady-compare-window SECONDS, --newsletter-readers N, --only SECTION[,SECTION])");
                }
            }
            return new Options(coldSamples, warmup, iterations, otherIterations, out, List.copyOf(childJvmArgs), appCds,
                    voteThreads, votesPerThread, voteRounds, streamVotes, recomputeVotes, voterSamples, steadySeconds,
                    steadyCompareWindow, newsletterReaders, java.util.Set.copyOf(only), appCdsEveryFunction, memorySamples);
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        // bench.jar is shaded: the runtime interface client's own jars, which a cold-start JVM runs on, lie beside it.
        if (System.getProperty("verdict.lambda.runtime") == null) {
            Path jar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            System.setProperty("verdict.lambda.runtime", jar.resolveSibling("lambda-runtime").toString());
        }
        Options options = Options.parse(args);
        Report report = run(options, System.out);
        report.print(System.out);
        report.write(options.out());
        System.out.println("wrote " + options.out().toAbsolutePath());
        System.exit(0);
    }

    static Report run(Options options, PrintStream log) {
        Report report = new Report();
        machine(report);
        long started = System.nanoTime();
        try (BenchStack stack = BenchStack.start()) {
            log.println("DynamoDB engine: moto's server on " + stack.dynamo().endpoint() + "; catalogue loaded");
            giveRecomputeItsOwnTables(stack, Math.min(1_000, options.recomputeVotes()), log);
            section(report, log, options, "cold start", () -> coldStarts(report, stack, options, log));
            section(report, log, options, "memory", () -> memory(report, stack, options, log));
            section(report, log, options, "warm", () -> warm(report, stack, options, log));
            section(report, log, options, "read capacity", () -> readCapacity(report, stack));
            section(report, log, options, "votes", () -> votes(report, stack, options, log));
            section(report, log, options, "voters", () -> voters(report, stack, options));
            section(report, log, options, "stream", () -> stream(report, stack, options, log));
            section(report, log, options, "recompute", () -> recompute(report, stack, options, log));
            section(report, log, options, "newsletter", () -> newsletter(report, stack, options, log));
        }
        report.fillMissing(options.only().isEmpty() ? "its section failed or its handler is not in this build (see notes)"
                : "its section was not among --only " + String.join(",", options.only()) + ", or it failed (see notes)");
        report.note("runSeconds", String.format("%.0f", (System.nanoTime() - started) / 1e9));
        return report;
    }

    /**
     * The recompute recounts whole tables; the shared ones collect votes without a stream reader behind them, so it
     * would find (and wait out, then repair) drift on every call. Its cold and warm calls get their own consistent
     * tables: {@code votes} votes and the exact aggregates they add up to.
     */
    static void giveRecomputeItsOwnTables(BenchStack stack, int votes, PrintStream log) {
        recomputeFunction(stack).ifPresent(recompute -> {
            try {
                new VoteBenchmarks(stack, log).seed("bench-recount-", votes, 20);
                stack.useTables(recompute, "bench-recount-");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** A failing section is reported as not measured, with its reason, instead of ending the run. */
    private static void section(Report report, PrintStream log, Options options, String name, Runnable body) {
        if (!options.runs(name)) {
            return;
        }
        long started = System.nanoTime();
        try {
            body.run();
        } catch (RuntimeException e) {
            e.printStackTrace(log);
            report.note("error." + name, e.toString());
        }
        log.printf("section %s: %.1f s%n", name, (System.nanoTime() - started) / 1e9);
    }

    private static void coldStarts(Report report, BenchStack stack, Options options, PrintStream log) {
        String what = "process start to the handler's first answer under the official Runtime Interface Client (INIT:"
                + " process start to the runtime's first /next call; first invoke: one event sent after it, to its answer);"
                + " median (and .p90, nearest rank) of " + options.coldSamples() + " fresh JVMs each, targets in a new random"
                + " order every round; Lambda's java21 flags at each function's template.yaml MemorySize (e.g. "
                + String.join(" ", RicFunction.lambdaJvmFlags(stack.template().memorySize(stack.template().functions().getFirst())))
                + ") plus JAVA_TOOL_OPTIONS from template.yaml";
        ColdStarts cold = new ColdStarts(stack, log, options.childJvmArgs());
        List<ColdStarts.Target> functions = cold.functionTargets();
        Optional<ColdStarts.Target> baseline = cold.baselineTarget();
        String missing = options.coldSamples() < 1 ? "disabled for this run (--cold-samples 0)"
                : baseline.isEmpty() ? "infra/bench/target/baseline-lambda.jar not built (run mvn package)"
                : functions.isEmpty() ? "no function jar built (run mvn package)" : null;
        if (missing != null) {
            report.notMeasured("coldStartMs.baseline", missing);
            report.notMeasured("coldStartRatio", missing);
            return;
        }
        Map<String, ColdStarts.Target> twins = new java.util.LinkedHashMap<>();
        functions.forEach(f -> cold.twinOf(f).ifPresent(twin -> twins.put(f.name(), twin)));
        List<ColdStarts.Target> targets = new java.util.ArrayList<>(functions);
        targets.addAll(twins.values());
        targets.add(baseline.get());
        Map<String, List<ColdStarts.Sample>> samples = cold.measure(targets, options.coldSamples());
        samples.forEach((name, s) -> putColdStart(report, name, s));
        List<String> handlers = functions.stream().map(ColdStarts.Target::name).toList();
        // Each function's reference: its twin where the twin's calls matched, else the read baseline.
        Map<String, String> references = new java.util.LinkedHashMap<>(checkTwins(report, stack, cold, functions, twins, log));
        handlers.forEach(h -> references.putIfAbsent(h, "baseline"));
        references.forEach((function, reference) ->
                report.put("coldStartRatioOf." + function, Stats.round(median(samples.get(function), ColdStarts.Sample::totalMs)
                        / median(samples.get(reference), ColdStarts.Sample::totalMs), 3)));
        putRatio(report, "coldStartRatio", samples, references);
        Map<String, String> againstRead = new java.util.LinkedHashMap<>();
        handlers.forEach(h -> againstRead.put(h, "baseline"));
        putRatio(report, "coldStartRatio.readBaseline", samples, againstRead);
        report.note("coldStartMs", what);
        report.note("coldStartRatio", "the largest of each function's median ÷ its bare twin's median (Bare<handler>:"
                + " a RequestHandler without the framework, same event type, environment and SDK client setup, making the"
                + " function's DynamoDB calls: the calls of one start of each are recorded after the measured rounds and"
                + " must be the same operations on the same tables, else the function is held to the read baseline);"
                + " .p90: the same with p90s (nearest rank, of " + options.coldSamples() + " samples each);"
                + " coldStartRatioOf.<function>: each function's own; .readBaseline: every function ÷ the comparison read's"
                + " twin, the measure before the twins");
        report.note("coldStartWallMs", "the parent's wall time from spawning the JVM to the first answer (adds the"
                + " Runtime API's HTTP hops); reported beside, not used for the ratio");
        report.note("coldStartEvents", "events are the JSON AWS sends, deserialised by the runtime interface client;"
                + " on-demand starts (SnapStart's restore cannot be had off AWS)");
        if (options.appCds()) {
            Optional<String> read = WarmCosts.readFunction(stack).map(f -> ColdStarts.simpleName(f.handlerClass()));
            Map<String, ColdStarts.Target> byName = new java.util.HashMap<>();
            targets.forEach(t -> byName.put(t.name(), t));
            withAppCds(report, cold, functions, references, byName, samples, read, options, log);
        }
    }

    /**
     * What class-data sharing for the application's own classes would buy: an archive trained on one start of each
     * target, then the targets started with it, interleaved as above, each beside its reference (its twin, or the
     * read baseline) with its own archive. A second pass after the plain one, so the function with the largest plain
     * ratio is known: by default that one and the read handler (each archive costs a training start and the pass as
     * many starts again); every function on request.
     */
    private static void withAppCds(Report report, ColdStarts cold, List<ColdStarts.Target> functions,
                                   Map<String, String> references, Map<String, ColdStarts.Target> measured,
                                   Map<String, List<ColdStarts.Sample>> plain, Optional<String> read, Options options,
                                   PrintStream log) {
        String slowest = functions.stream().map(ColdStarts.Target::name)
                .max(java.util.Comparator.comparingDouble(name -> median(plain.get(name), ColdStarts.Sample::totalMs)
                        / median(plain.get(references.get(name)), ColdStarts.Sample::totalMs)))
                .orElseThrow();
        List<ColdStarts.Target> chosen = functions.stream()
                .filter(t -> options.appCdsEveryFunction() || t.name().equals(slowest) || read.map(t.name()::equals).orElse(false))
                .toList();
        Path dir = options.out().toAbsolutePath().getParent().resolve("appcds");
        Map<String, ColdStarts.Target> targets = new java.util.LinkedHashMap<>();
        Map<String, String> pairs = new java.util.LinkedHashMap<>();
        for (ColdStarts.Target t : chosen) {
            ColdStarts.Target reference = measured.get(references.get(t.name()));
            ColdStarts.Target archived = t.withAppCds(cold.trainAppCds(t, dir));
            targets.put(archived.name(), archived);
            if (!targets.containsKey(reference.name() + ".withAppCds")) {
                ColdStarts.Target archivedReference = reference.withAppCds(cold.trainAppCds(reference, dir));
                targets.put(archivedReference.name(), archivedReference);
            }
            pairs.put(archived.name(), reference.name() + ".withAppCds");
        }
        log.println("cold start with AppCDS: " + targets.keySet());
        Map<String, List<ColdStarts.Sample>> samples = cold.measure(List.copyOf(targets.values()), options.coldSamples());
        samples.forEach((name, s) -> putColdStart(report, name, s));
        putRatio(report, "coldStartRatio.withAppCds", samples, pairs);
        report.note("coldStartRatio.withAppCds", "a dynamic AppCDS archive per target (-XX:ArchiveClassesAtExit on one"
                + " training start, then -XX:SharedArchiveFile), measured in a second interleaved pass: "
                + (options.appCdsEveryFunction() ? "every function" : "the read handler and the function with the largest"
                + " plain ratio (" + slowest + "); --appcds-every-function for all") + ", each ÷ its twin (or the read"
                + " baseline) with its own archive (median; .p90 as above). What a JVM you control (a container image) would"
                + " get: on the managed java21 runtime the launcher's own -XX:SharedArchiveFile overrides one in"
                + " JAVA_TOOL_OPTIONS, and an archive is only usable by the JVM build that made it (see docs/performance.md,"
                + " Class-data sharing on Lambda)");
    }

    /** Median and p90 of total, INIT and first invoke; the median of the wall time beside them. */
    private static void putColdStart(Report report, String name, List<ColdStarts.Sample> s) {
        putMedianAndP90(report, "coldStartMs." + name, s, ColdStarts.Sample::totalMs);
        report.put("coldStartWallMs." + name, median(s, ColdStarts.Sample::wallMs));
        putMedianAndP90(report, "coldStartInitMs." + name, s, ColdStarts.Sample::initMs);
        putMedianAndP90(report, "coldStartFirstInvokeMs." + name, s, ColdStarts.Sample::invokeMs);
    }

    private static void putMedianAndP90(Report report, String key, List<ColdStarts.Sample> s,
                                        java.util.function.ToLongFunction<ColdStarts.Sample> value) {
        report.put(key, median(s, value));
        report.put(key + ".p90", p90(s, value));
    }

    /**
     * {@code key}: the largest ratio of a function's median to its reference's (function → reference in
     * {@code references}); {@code key.p90}: the same with p90s (the function that sets the two may differ).
     */
    private static void putRatio(Report report, String key, Map<String, List<ColdStarts.Sample>> samples,
                                 Map<String, String> references) {
        double median = references.entrySet().stream().mapToDouble(e -> median(samples.get(e.getKey()), ColdStarts.Sample::totalMs)
                / median(samples.get(e.getValue()), ColdStarts.Sample::totalMs)).max().orElseThrow();
        double p90 = references.entrySet().stream().mapToDouble(e -> p90(samples.get(e.getKey()), ColdStarts.Sample::totalMs)
                / p90(samples.get(e.getValue()), ColdStarts.Sample::totalMs)).max().orElseThrow();
        report.put(key, Stats.round(median, 3));
        report.put(key + ".p90", Stats.round(p90, 3));
    }

    /**
     * One more start of each function and of its twin, their DynamoDB calls recorded on the way to the engine: the
     * twins whose calls are the function's (the same operations on the same tables, in the same order), by function.
     * After the measured rounds, so the tables are as those rounds left them (the recompute's first run repairs what
     * the seed left, and later runs do not).
     */
    private static Map<String, String> checkTwins(Report report, BenchStack stack, ColdStarts cold, List<ColdStarts.Target> functions,
                                                  Map<String, ColdStarts.Target> twins, PrintStream log) {
        Map<String, String> matched = new java.util.LinkedHashMap<>();
        try (DynamoCallRecorder recorder = DynamoCallRecorder.start(stack.dynamo().endpoint())) {
            for (ColdStarts.Target function : functions) {
                ColdStarts.Target twin = twins.get(function.name());
                if (twin == null) {
                    report.note("coldStartTwin." + function.name(), "no twin in the baseline jar: held to the read baseline");
                    continue;
                }
                ColdStarts.TwinCheck check = cold.checkTwin(function, twin, recorder);
                if (check.same()) {
                    matched.put(function.name(), twin.name());
                    report.put("coldStartTwinCalls." + function.name(), check.function().size());
                } else {
                    log.println("cold start: " + twin.name() + " made " + check.twin() + ", " + function.name() + " " + check.function());
                    report.note("coldStartTwin." + function.name(), "its twin's DynamoDB calls differ (" + check.twin().size()
                            + " against " + check.function().size() + "): held to the read baseline");
                }
            }
        }
        return matched;
    }

    private static double median(List<ColdStarts.Sample> s, java.util.function.ToLongFunction<ColdStarts.Sample> value) {
        return Stats.median(s.stream().mapToLong(value).toArray());
    }

    private static double p90(List<ColdStarts.Sample> s, java.util.function.ToLongFunction<ColdStarts.Sample> value) {
        return Stats.percentile(s.stream().mapToLong(value).toArray(), 90);
    }

    /**
     * Which memory size, from figures measured here and scaled by {@link MemoryModel}: the read handler's cold start
     * at each size's Lambda flags (heap at 85%) with the JVM told it has one CPU, the child's CPU time beside its
     * wall time, sizes interleaved in random order; and the warm read, call by call with its thread's CPU time. On
     * this shared 2-core machine no run at 512 MB is slower than one at 2048 MB by itself; the model is what says so.
     */
    private static void memory(Report report, BenchStack stack, Options options, PrintStream log) {
        if (options.memorySamples() < 1) {
            report.notMeasured("memoryChoice", "disabled for this run (--memory-samples 0)");
            return;
        }
        FunctionSpec reads = WarmCosts.readFunction(stack).orElseThrow(() -> new IllegalStateException(
                "template.yaml has no function for GET /comparisons/{slug}"));
        String name = ColdStarts.simpleName(reads.handlerClass());
        ColdStarts cold = new ColdStarts(stack, log, options.childJvmArgs());
        Optional<ColdStarts.Target> read = cold.functionTargets().stream().filter(t -> t.name().equals(name)).findFirst();
        if (read.isEmpty()) {
            report.notMeasured("memoryChoice", "the read function's jar is not built (run mvn package)");
            return;
        }
        List<ColdStarts.Target> targets = MemoryModel.SIZES_MB.stream()
                .map(mb -> read.get().atMemory(mb, List.of("-XX:ActiveProcessorCount=1"))).toList();
        Map<String, List<ColdStarts.Sample>> samples = cold.measure(targets, options.memorySamples());
        WarmCosts.Calls calls = new WarmCosts(stack, log).comparisonReadCalls(reads, options.warmup(), options.iterations());
        List<MemoryModel.Row> rows = new java.util.ArrayList<>();
        List<MemoryModel.Row> noOverlapRows = new java.util.ArrayList<>();
        for (ColdStarts.Target target : targets) {
            int mb = target.memoryMb();
            List<ColdStarts.Sample> s = samples.get(target.name());
            if (s.stream().anyMatch(x -> x.cpuMs() < 0)) {
                throw new IllegalStateException("the OS reports no CPU time for the cold-start JVMs");
            }
            MemoryModel.Row row = row(mb, s, calls, MemoryModel::modelled);
            MemoryModel.Row upper = row(mb, s, calls, MemoryModel::modelledNoOverlap);
            rows.add(row);
            noOverlapRows.add(upper);
            String key = "memoryModel." + mb;
            report.put(key + ".coldStartMs", row.coldStartMs());
            report.put(key + ".coldStartMs.noOverlap", upper.coldStartMs());
            report.put(key + ".coldStartMeasuredMs", median(s, ColdStarts.Sample::totalMs));
            report.put(key + ".coldStartCpuMs", median(s, ColdStarts.Sample::cpuMs));
            report.put(key + ".warmP50Ms", Stats.round(row.warmP50Ms(), 2));
            report.put(key + ".warmP50Ms.noOverlap", Stats.round(upper.warmP50Ms(), 2));
            report.put(key + ".costPerMillionUsd", Stats.round(row.costPerMillionUsd(), 3));
            report.put(key + ".costPerMillionUsd.noOverlap", Stats.round(upper.costPerMillionUsd(), 3));
        }
        report.put("memoryModel.warmMeasuredP50Ms", Stats.round(Stats.percentile(calls.wallNs(), 50) / 1e6, 2));
        report.put("memoryModel.warmCpuP50Ms", Stats.round(Stats.percentile(calls.cpuNs(), 50) / 1e6, 2));
        report.put("memoryChoice", MemoryModel.cheapestNearFastest(rows, 0.10).memoryMb());
        report.put("memoryChoice.noOverlap", MemoryModel.cheapestNearFastest(noOverlapRows, 0.10).memoryMb());
        report.note("memoryModel", "a model, not a measurement: Lambda gives CPU in proportion to memory, one vCPU's worth"
                + " at 1,769 MB, so a size's CPU share is s = min(1, MB/1769) (above 1,769 MB the extra share is a second"
                + " vCPU, which one thread cannot use); time at a size = max(time measured here, CPU time measured here ÷ s),"
                + " per sample, then the median; .noOverlap: max(time here, CPU here) + CPU here × (1/s − 1), the waits and"
                + " the stretched CPU one after the other (the upper bound for a start, and the fitting model for a warm call,"
                + " one thread whose CPU and waits take turns). Cold: " + name + " under the runtime interface client with that size's"
                + " Lambda flags and -XX:ActiveProcessorCount=1, " + options.memorySamples() + " samples a size after one"
                + " discarded round, sizes in random order; CPU = the child JVM's user+system time at its first answer."
                + " Warm: " + calls.wallNs().length + " calls of the read handler in this JVM after " + options.warmup()
                + " warm-up, each with its thread's CPU time (the engine's time is another process's, as DynamoDB's is on"
                + " Lambda); p50 nearest-rank. It takes a core here to be as fast as Lambda's, and moto's waits, on the same"
                + " loaded cores, as DynamoDB's. Cost: $" + MemoryModel.USD_PER_MILLION_REQUESTS + " per million requests + $"
                + MemoryModel.USD_PER_GB_SECOND + " per GB-second (Arm, US East, first tier) at the warm p50, billed per"
                + " ms; cold starts add their INIT on top and are left out");
        report.note("memoryChoice", "the cheapest size (cost per million warm requests) whose modelled cold start and"
                + " warm p50 are both within 10% of the fastest size's; .noOverlap: the same under the other bound");
    }

    /** One size's modelled cold start (median of the samples) and warm p50 (of the calls), under {@code model}. */
    private static MemoryModel.Row row(int mb, List<ColdStarts.Sample> starts, WarmCosts.Calls calls, Model model) {
        double coldMs = Stats.median(starts.stream().mapToLong(x -> Math.round(model.at(x.totalMs(), x.cpuMs(), mb))).toArray());
        long[] warmNs = new long[calls.wallNs().length];
        for (int i = 0; i < warmNs.length; i++) {
            warmNs[i] = Math.round(model.at(calls.wallNs()[i], calls.cpuNs()[i], mb));
        }
        double warmMs = Stats.percentile(warmNs, 50) / 1e6;
        return new MemoryModel.Row(mb, coldMs, warmMs, MemoryModel.costPerMillionUsd(mb, warmMs));
    }

    /** A time at a memory size from wall and CPU time measured here. */
    private interface Model {
        double at(double wall, double cpu, int memoryMb);
    }

    private static void warm(Report report, BenchStack stack, Options options, PrintStream log) {
        WarmCosts warm = new WarmCosts(stack, log);
        FunctionSpec reads = WarmCosts.readFunction(stack).orElseThrow(() -> new IllegalStateException(
                "template.yaml has no function for GET /comparisons/{slug}"));
        WarmCosts.ReadResult read = warm.comparisonRead(reads, options.warmup(), options.iterations());
        String name = ColdStarts.simpleName(reads.handlerClass());
        putLatency(report, name, read.handler());
        putLatency(report, "bareQueryAndBatchGet", read.bare());
        report.put("warmOverheadRatio", Stats.round((double) read.handler().p50Ns() / read.bare().p50Ns(), 3));
        report.put("readRequestsPerComparison", Stats.round(read.requestsPerRead(), 3));
        if (reads.routes().stream().anyMatch(r -> r.method().equals("GET") && r.path().equals("/rankings"))) {
            report.put("readRequestsPerRanking", Stats.round(warm.rankingRequests(reads, 5), 3));
            report.note("readRequestsPerRanking", "GET /rankings through the handler, each order, for every tool and for"
                    + " one category, 5 rounds: DynamoDB requests per read");
        } else {
            report.notMeasured("readRequestsPerRanking", "template.yaml routes no GET /rankings to the read function");
        }
        report.note("warm", "in-process, hand-written loop: " + options.warmup() + " warm-up then " + options.iterations()
                + " measured calls each, handler (its event read from JSON and its answer written back, as the runtime does)"
                + " and bare Query+BatchGetItem alternating call by call; p50/p99 nearest-rank");
        for (FunctionSpec function : stack.template().functions()) {
            if (function == reads || function.logicalId().equals(reads.logicalId())) {
                continue;
            }
            Optional<WarmCosts.Latency> latency = warm.handler(function, Math.min(options.warmup(), options.otherIterations()),
                    function.schedules().isEmpty() ? options.otherIterations() : Math.max(5, options.otherIterations() / 20));
            latency.ifPresent(l -> putLatency(report, ColdStarts.simpleName(function.handlerClass()), l));
        }
    }

    /** The function template.yaml routes PUT votes to, else the one with a stream, else the one with a schedule. */
    private static Optional<FunctionSpec> function(BenchStack stack, java.util.function.Predicate<FunctionSpec> which) {
        return stack.template().functions().stream().filter(which).findFirst();
    }

    private static Optional<FunctionSpec> votesFunction(BenchStack stack) {
        return function(stack, f -> f.routes().stream().anyMatch(r -> r.method().equals("PUT") && r.path().contains("/votes/")));
    }

    private static Optional<FunctionSpec> streamFunction(BenchStack stack) {
        return function(stack, f -> f.streams().stream().anyMatch(s -> s.tableLogicalId().equals("VotesTable")));
    }

    private static Optional<FunctionSpec> recomputeFunction(BenchStack stack) {
        return function(stack, f -> !f.schedules().isEmpty());
    }

    private static void votes(Report report, BenchStack stack, Options options, PrintStream log) {
        Optional<FunctionSpec> function = votesFunction(stack);
        if (function.isEmpty()) {
            report.notMeasured("votesPerSecondRatio", "template.yaml has no PUT /comparisons/{slug}/votes/{toolId} function");
            return;
        }
        try {
            var result = new VoteBenchmarks(stack, log).votesPerSecond(function.get(), options.voteThreads(),
                    options.votesPerThread(), options.voteRounds());
            report.put("votesPerSecond.handler", Stats.round(result.handlerPerSecond(), 1));
            report.put("votesPerSecond.bareConditionalPut", Stats.round(result.barePerSecond(), 1));
            report.put("votesPerSecondRatio", Stats.round(result.handlerPerSecond() / result.barePerSecond(), 3));
            report.put("voteRequestsPerVote", Stats.round(result.requestsPerVote(), 2));
            report.put("votesPerSecondRatio.lowestRound", Stats.round(result.lowestRoundRatio(), 3));
            report.put("votesPerSecondRatio.highestRound", Stats.round(result.highestRoundRatio(), 3));
            report.note("voteRequests", "DynamoDB requests of the vote handler over the measured rounds: " + result.operations());
            report.note("votesPerSecond", result.threads() + " threads, " + result.votesPerPhase() + " votes a phase, "
                    + options.voteRounds() + " measured rounds of (bare, handler) in ABBA order after one discarded; every vote a new"
                    + " voter (a cookie signed as POST /voters signs one) from its own address; bare = the same item with the old"
                    + " condition, one PutItem");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a voter costs its creator: real proofs at the template's difficulty, and 1,000 fake voters computed. */
    private static void voters(Report report, BenchStack stack, Options options) {
        Optional<FunctionSpec> function = function(stack, f -> f.routes().stream()
                .anyMatch(r -> r.method().equals("POST") && r.path().equals("/voters")));
        if (function.isEmpty()) {
            report.notMeasured("fakeVoters1000CpuSeconds.onePrefix", "template.yaml has no POST /voters function");
            return;
        }
        var result = new VoterCosts(stack).measure(function.get(), options.voterSamples(), 1_000);
        report.put("voterProofDifficulty", result.baseDifficulty());
        report.put("voterProofMaxDifficulty", result.maxDifficulty());
        report.put("voterProofMsMedian.java", Stats.round(result.medianWallMs(), 1));
        report.put("voterProofHashesPerCpuSecond", Math.round(result.hashesPerCpuSecond()));
        report.put("fakeVoters1000CpuSeconds.onePrefix", Math.round(result.onePrefixCpuSeconds()));
        report.put("fakeVoters1000CpuSeconds.distinctPrefixes", Math.round(result.distinctPrefixesCpuSeconds()));
        report.put("fakeVoters1000LastDifficulty.onePrefix", result.lastDifficultyOnePrefix());
        report.notMeasured("voterProofMsMedian.chromium", "measured by site/'s browser test in headless Chromium"
                + " (SiteInABrowserTest prints a MEASURE line; see README, Voters)");
        report.note("voterProof", result.samples() + " challenges from the voters function at the template's difficulty, each"
                + " from its own /24, solved by ProofOfWork.solve (one thread of this JVM: SHA-256 from 0 upwards), each"
                + " redeemed (201); hashes per CPU second from the thread's CPU time");
        report.note("fakeVoters1000CpuSeconds", "expected hashes (2^difficulty each) ÷ the measured rate: .onePrefix at"
                + " the difficulties the service demands of one /24 or /64 creating 1,000 voters within an hour;"
                + " .distinctPrefixes if every voter came from a network of its own (the floor: base difficulty each)");
    }

    private static void stream(Report report, BenchStack stack, Options options, PrintStream log) {
        Optional<FunctionSpec> function = streamFunction(stack);
        if (function.isEmpty()) {
            report.notMeasured("aggregateWritesPerVote", "template.yaml has no function on the votes table's stream");
            return;
        }
        try {
            var bench = new VoteBenchmarks(stack, log);
            int tools = 20;
            var burst = bench.streamBurst(function.get(), "bench-stream-", options.streamVotes(), tools, false);
            report.put("aggregateWritesPerVote", Stats.round((double) burst.aggregateWrites() / burst.votes(), 4));
            report.put("aggregateWrites", burst.aggregateWrites());
            report.put("streamBatches", burst.batches());
            report.put("streamTransactions", burst.transactions());
            report.put("streamSecondsToApply", Stats.round(burst.seconds(), 2));
            report.put("streamInvocationsPerVote", Stats.round((double) burst.batches() / burst.votes(), 4));
            report.put("trendingBucketWritesPerVote", Stats.round((double) burst.bucketWrites() / burst.votes(), 4));
            report.note("trendingBucketWritesPerVote", "hourly trending bucket items written in the same transactions as"
                    + " the burst's aggregates (one per hour per 16 tools per transaction), not counted as aggregate writes");
            report.note("aggregateWritesPerVote", burst.votes() + " votes over " + tools + " tools written in a burst"
                    + " (parallel BatchWriteItem) to a fresh votes table; its stream read by the local stack's StreamPoller"
                    + " with template.yaml's mapping, into the real stream handler; writes to COMMUNITY items counted by"
                    + " an ExecutionInterceptor after success (the per-shard checkpoint, one more item per transaction,"
                    + " is counted in streamTransactions, not as an aggregate write)");
            var backlog = bench.streamBurst(function.get(), "bench-backlog-", options.streamVotes(), tools, true);
            report.put("aggregateWritesPerVote.backlog", Stats.round((double) backlog.aggregateWrites() / backlog.votes(), 4));
            report.put("streamBatches.backlog", backlog.batches());
            report.note("aggregateWritesPerVote.backlog", "the same votes all written before the poller starts, so every"
                    + " batch is as full as BatchSize allows: the floor of tools touched per batch ÷ BatchSize");
            report.put("streamItemsWrittenPerVote", Stats.round(itemsWritten(burst) / burst.votes(), 4));
            int window = function.get().streams().getFirst().batchingWindowSeconds();
            // Ordinary traffic at the template's batching window, and at another beside it: the figures the window is
            // chosen from.
            steady(report, bench, function.get(), "bench-steady-", "", options, tools, java.util.OptionalInt.empty());
            int other = options.steadyCompareWindow();
            if (other > 0 && other != window) {
                steady(report, bench, function.get(), "bench-steady-other-", ".window" + other + "s", options, tools,
                        java.util.OptionalInt.of(other));
            }
            report.note("aggregateWritesPerVote.steady", "votes at one a second (" + options.steadySeconds()
                    + " s, each vote a different tool of " + tools + " in turn) through the same poller and handler, with"
                    + " template.yaml's batching window (" + window + " s)" + (options.steadyCompareWindow() > 0 ? "; .window" + options.steadyCompareWindow() + "s: the same with that window" : "")
                    + ": at ordinary traffic a batch holds what arrives within the window, so each batch costs a stream"
                    + " invocation and a transaction (aggregates, a bucket, the checkpoint)");
            report.note("streamItemsWrittenPerVote", "items written per vote by the stream handler's transactions:"
                    + " aggregates + hourly bucket parts + the shard's checkpoint (each 2 WRU, transactional)");
            recomputeFunction(stack).ifPresent(recompute -> {
                var check = bench.recompute(recompute, "bench-stream-");
                report.put("recomputeDriftAfterStream", check.drift() + check.unsettled());
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void steady(Report report, VoteBenchmarks bench, FunctionSpec function, String prefix, String suffix,
                               Options options, int tools, java.util.OptionalInt window) throws Exception {
        var steady = bench.streamSteady(function, prefix, options.steadySeconds(), tools, window);
        report.put("aggregateWritesPerVote.steady" + suffix, Stats.round((double) steady.aggregateWrites() / steady.votes(), 4));
        report.put("trendingBucketWritesPerVote.steady" + suffix, Stats.round((double) steady.bucketWrites() / steady.votes(), 4));
        report.put("streamTransactionsPerVote.steady" + suffix, Stats.round((double) steady.transactions() / steady.votes(), 4));
        report.put("streamInvocationsPerVote.steady" + suffix, Stats.round((double) steady.batches() / steady.votes(), 4));
        report.put("streamItemsWrittenPerVote.steady" + suffix, Stats.round(itemsWritten(steady) / steady.votes(), 4));
        report.put("streamSecondsToApply.steady" + suffix, Stats.round(steady.seconds(), 2));
    }

    /** Items the stream handler's transactions wrote: aggregates, bucket parts and one checkpoint per transaction. */
    private static double itemsWritten(VoteBenchmarks.Amplification run) {
        return run.aggregateWrites() + run.bucketWrites() + run.transactions();
    }

    private static void recompute(Report report, BenchStack stack, Options options, PrintStream log) {
        Optional<FunctionSpec> function = recomputeFunction(stack);
        if (function.isEmpty()) {
            report.notMeasured("recomputeSecondsPer100kVotes", "template.yaml has no scheduled function");
            return;
        }
        try {
            var bench = new VoteBenchmarks(stack, log);
            int votes = options.recomputeVotes();
            long seeding = System.nanoTime();
            bench.seed("bench-recompute-", votes, 20);
            report.put("recomputeSeedSeconds", Stats.round((System.nanoTime() - seeding) / 1e9, 2));
            var result = bench.recompute(function.get(), "bench-recompute-");
            report.put("recomputeSecondsPer100kVotes", Stats.round(result.seconds() * 100_000.0 / votes, 2));
            report.put("recomputeItemsScanned", result.scanned());
            report.put("recomputeInvocations", result.invocations());
            Object afterStream = report.get("recomputeDriftAfterStream");
            long streamDrift = afterStream instanceof Double d ? d.longValue() : 0;
            report.put("recomputeDrift", result.drift() + result.unsettled() + streamDrift);
            report.note("recompute", votes + " votes seeded with BatchWriteItem (with the exact aggregates they add up"
                    + " to), then the recompute handler invoked with a ScheduledEvent until it reports a complete pass;"
                    + " recomputeDrift = drift it found there plus drift it found over the aggregates the stream built"
                    + (votes == 100_000 ? "" : "; seconds scaled linearly to 100k votes"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A weekly issue to {@code --newsletter-readers} confirmed readers, composed and sent into the local outbox. */
    private static void newsletter(Report report, BenchStack stack, Options options, PrintStream log) {
        Optional<FunctionSpec> send = function(stack, f -> f.streams().stream().anyMatch(s -> s.tableLogicalId().equals("NewsletterTable")));
        Optional<FunctionSpec> compose = function(stack, f -> !f.schedules().isEmpty()
                && send.isPresent() && f.environment().containsKey("NEWSLETTER_TABLE"));
        if (send.isEmpty() || compose.isEmpty()) {
            report.notMeasured("newsletterMessagesPerSecond", "template.yaml has no newsletter compose and send functions");
            return;
        }
        try {
            int readers = options.newsletterReaders();
            var result = new NewsletterBenchmark(stack, log).send(compose.get(), send.get(), "bench-newsletter-", readers);
            report.put("newsletterMessagesPerSecond", Stats.round(result.messages() / result.seconds(), 1));
            report.put("newsletterMessages", result.messages());
            report.put("newsletterSeconds", Stats.round(result.seconds(), 1));
            report.put("newsletterComposeSeconds", Stats.round(result.composeSeconds(), 1));
            report.put("newsletterWritesPerMessage", Stats.round((double) (result.composeWrites() + result.sendWrites())
                    / result.messages(), 3));
            report.put("newsletterWritesPerMessage.compose", Stats.round((double) result.composeWrites() / result.messages(), 3));
            report.put("newsletterWritesPerMessage.send", Stats.round((double) result.sendWrites() / result.messages(), 3));
            report.put("newsletterSendInvocations", result.sendInvocations());
            report.note("newsletter", readers + " confirmed readers; the compose function (a Scheduled Event) plans one"
                    + " delivery per reader, the newsletter table's stream carries them through the local stack's poller"
                    + " with template.yaml's mapping into the send function, whose mail goes to the .eml outbox (no SES"
                    + " rate locally); messages/s from the compose call to the last message; DynamoDB item writes counted"
                    + " by an ExecutionInterceptor as sent (a failed condition is billed too); send writes by kind: "
                    + result.sendOperations());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putLatency(Report report, String name, WarmCosts.Latency latency) {
        report.put("warmP50Us." + name, Stats.round(latency.p50Ns() / 1000.0, 1));
        report.put("warmP99Us." + name, Stats.round(latency.p99Ns() / 1000.0, 1));
    }

    /** ReturnConsumedCapacity on the bare read path; computed from item sizes when the engine reports nothing. */
    private static void readCapacity(Report report, BenchStack stack) {
        var read = new BareComparisonRead(stack.client(), stack.table("ContentTable"), true).read(SampleEvents.SLUG);
        double computed = ItemSize.queryReadUnits(read.partition()) + ItemSize.batchGetReadUnits(read.tools());
        if (read.queryCapacity() != null && read.batchCapacity() != null) {
            report.put("readRcuPerComparison", read.queryCapacity() + read.batchCapacity());
            report.put("readRcuComputedFromItemSizes", computed);
            report.note("readRcuPerComparison", "as the engine reported it (ReturnConsumedCapacity TOTAL); beside it, the"
                    + " figure computed from item sizes by DynamoDB's rules");
        } else {
            report.put("readRcuPerComparison", computed);
            report.note("readRcuPerComparison", "the engine (moto) reported no consumed capacity; computed from item sizes by"
                    + " DynamoDB's rules (4 KB units, eventually consistent = half; Query rounds its total, BatchGetItem each item)");
        }
        report.put("readItemsPerComparison", read.partition().size() + read.tools().size());
    }

    private static void machine(Report report) {
        report.machine("cpus", Runtime.getRuntime().availableProcessors());
        report.machine("cpuModel", cpuModel());
        report.machine("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.machine("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        report.machine("benchJvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
