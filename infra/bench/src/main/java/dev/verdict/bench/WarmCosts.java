package dev.verdict.bench;

import dev.verdict.bench.baseline.BareComparisonRead;
import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import dev.verdict.core.store.StoreFactory;
import dev.verdict.core.config.ServiceFactory;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.LambdaResult;
import java.time.Duration;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Warm latency, in this process, with real events, after warm-up. A hand-written loop rather than JMH: the handler
 * and the bare DynamoDB requests it makes must be measured interleaved in the same run (alternating, call by call), so
 * that a noisy neighbour on a shared 2-core machine slows both alike and the ratio holds; JMH runs benchmarks one after
 * another. Every call is timed on its own with System.nanoTime; percentiles are nearest-rank over all measured calls.
 */
final class WarmCosts {

    record Latency(long p50Ns, long p99Ns, int calls) {
        static Latency of(long[] ns) {
            return new Latency(Stats.percentile(ns, 50), Stats.percentile(ns, 99), ns.length);
        }
    }

    record ReadResult(Latency handler, Latency bare, double requestsPerRead) {
    }

    private final BenchStack stack;
    private final PrintStream log;

    WarmCosts(BenchStack stack, PrintStream log) {
        this.stack = stack;
        this.log = log;
    }

    static Optional<FunctionSpec> readFunction(BenchStack stack) {
        return stack.template().functions().stream()
                .filter(f -> f.routes().stream().anyMatch(r -> r.method().equals("GET") && r.path().equals("/comparisons/{slug}")))
                .findFirst();
    }

    /**
     * DynamoDB requests per GET /rankings through the read function's handler: each order, for every tool and for one
     * category, {@code rounds} times. The order is kept by writes, so each read should be one Query.
     */
    double rankingRequests(FunctionSpec function, int rounds) {
        RequestCounter counter = new RequestCounter();
        long timeout = BenchStack.timeoutMillis(stack.template(), function);
        try (LambdaHost handler = LambdaHost.of(function, stack.environment(function), Duration.ofMillis(timeout), counter)) {
            long reads = 0;
            for (int round = 0; round < rounds; round++) {
                for (String by : List.of("community", "panel", "trending")) {
                    for (boolean oneCategory : List.of(false, true)) {
                        dev.verdict.localkit.HttpEvents event = dev.verdict.localkit.HttpEvents.request("GET", "/rankings")
                                .query("by", by);
                        if (oneCategory) {
                            event = event.query("category", "Developer Tools");
                        }
                        String outcome = SampleEvents.outcome(handler.invoke(event.json()));
                        if (!outcome.equals("ok")) {
                            throw new IllegalStateException("GET /rankings?by=" + by + " answered " + outcome);
                        }
                        reads++;
                    }
                }
            }
            return (double) counter.total() / reads;
        }
    }

    /**
     * The comparison read through its handler on the runtime's path (the event read from JSON, the answer written back,
     * as Lambda's Java runtime does), against the same Query + BatchGetItem made bare with a client built by the same
     * factory, alternating call by call (which goes first alternates too).
     */
    ReadResult comparisonRead(FunctionSpec function, int warmup, int iterations) {
        RequestCounter counter = new RequestCounter();
        long timeout = BenchStack.timeoutMillis(stack.template(), function);
        LambdaHost handler = LambdaHost.of(function, stack.environment(function), Duration.ofMillis(timeout), counter);
        Map<String, String> env = stack.environment(function);
        Settings settings = new Settings(env::get);
        DynamoDbClient client = ServiceFactory.dynamoDbClient(AwsSettings.from(settings));
        BareComparisonRead bare = new BareComparisonRead(client, settings.table(StoreFactory.CONTENT_TABLE), false);
        byte[] event = SampleEvents.http(new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}"), 0, stack.signer()).json();

        String outcome = SampleEvents.outcome(handler.invoke(event));
        if (!outcome.equals("ok")) {
            throw new IllegalStateException("the comparison read answered " + outcome);
        }
        if (bare.read(SampleEvents.SLUG).tools().isEmpty()) {
            throw new IllegalStateException("the bare read found no tools: the catalogue is not loaded");
        }
        long[] handlerNs = new long[iterations];
        long[] bareNs = new long[iterations];
        long requests = 0;
        for (int i = 0; i < warmup + iterations; i++) {
            long a;
            long b;
            long before = counter.total();
            if ((i & 1) == 0) {
                a = timeHandler(handler, event);
                b = timeBare(bare);
            } else {
                b = timeBare(bare);
                a = timeHandler(handler, event);
            }
            long handlerRequests = counter.total() - before;
            if (i >= warmup) {
                handlerNs[i - warmup] = a;
                bareNs[i - warmup] = b;
                requests += handlerRequests;
            }
        }
        double requestsPerRead = (double) requests / iterations;
        client.close();
        handler.close();
        return new ReadResult(Latency.of(handlerNs), Latency.of(bareNs), requestsPerRead);
    }

    /** Each measured call's wall time and the CPU time this thread spent in it, in ns, call by call. */
    record Calls(long[] wallNs, long[] cpuNs) {
    }

    /**
     * The comparison read through its handler alone, each call's wall and CPU time: the handler runs on the calling
     * thread (the runtime's path, and the SDK's URL-connection client, are synchronous), so the thread's CPU time is
     * the function's own work, without the engine's (moto's, another process), as on Lambda where DynamoDB's time is
     * not the function's CPU. For the memory model, which scales the CPU part by Lambda's CPU share.
     */
    Calls comparisonReadCalls(FunctionSpec function, int warmup, int iterations) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot tell a thread's CPU time");
        }
        long timeout = BenchStack.timeoutMillis(stack.template(), function);
        byte[] event = SampleEvents.http(new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}"), 0, stack.signer()).json();
        long[] wallNs = new long[iterations];
        long[] cpuNs = new long[iterations];
        try (LambdaHost handler = LambdaHost.of(function, stack.environment(function), Duration.ofMillis(timeout))) {
            for (int i = 0; i < warmup + iterations; i++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = timeHandler(handler, event);
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                if (i >= warmup) {
                    wallNs[i - warmup] = wall;
                    cpuNs[i - warmup] = cpu;
                }
            }
        }
        return new Calls(wallNs, cpuNs);
    }

    /**
     * Any other function, with its representative event (a fresh one per call, built before the clock starts, so each
     * write is a new vote from a new client rather than a repeat that a handler might short-cut).
     */
    Optional<Latency> handler(FunctionSpec function, int warmup, int iterations) {
        if (SampleEvents.forFunction(function, 0, stack.signer()).isEmpty()) {
            return Optional.empty();
        }
        long timeout = BenchStack.timeoutMillis(stack.template(), function);
        LambdaHost handler = LambdaHost.of(function, stack.environment(function), Duration.ofMillis(timeout));
        int base = 100_000;
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < warmup + iterations; i++) {
            events.add(SampleEvents.forFunction(function, base + i, stack.signer()).orElseThrow());
        }
        long[] ns = new long[iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            long started = System.nanoTime();
            LambdaResult response = handler.invoke(events.get(i));
            long elapsed = System.nanoTime() - started;
            String outcome = SampleEvents.outcome(response);
            if (!outcome.equals("ok")) {
                throw new IllegalStateException(function.logicalId() + " answered " + outcome + " to call " + i);
            }
            if (i >= warmup) {
                ns[i - warmup] = elapsed;
            }
        }
        handler.close();
        log.println("warm: " + function.logicalId() + " done");
        return Optional.of(Latency.of(ns));
    }

    private static long timeHandler(LambdaHost handler, byte[] event) {
        long started = System.nanoTime();
        LambdaResult response = handler.invoke(event);
        long elapsed = System.nanoTime() - started;
        if (!response.ok()) {
            throw new IllegalStateException("the comparison read failed: " + response.describe());
        }
        return elapsed;
    }

    private static long timeBare(BareComparisonRead bare) {
        long started = System.nanoTime();
        var result = bare.read(SampleEvents.SLUG);
        long elapsed = System.nanoTime() - started;
        if (result.tools().isEmpty()) {
            throw new IllegalStateException("bare read found nothing");
        }
        return elapsed;
    }
}
