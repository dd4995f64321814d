package dev.verdict.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.verdict.bench.baseline.BareComparisonRead;
import dev.verdict.bench.launch.ColdLauncher;
import dev.verdict.bench.launch.Events;
import dev.verdict.bench.launch.LambdaContext;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.config.ServiceFactory;
import dev.verdict.localkit.FunctionSpec;
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

    /** {@code handlerNullContext}: the same handler called without a Lambda context, as the unit tests call it. */
    record ReadResult(Latency handler, Latency bare, Latency handlerNullContext, double requestsPerRead) {
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
     * The comparison read through its handler, against the same Query + BatchGetItem made bare with a client built by
     * the same factory, alternating call by call (which goes first alternates too).
     */
    ReadResult comparisonRead(FunctionSpec function, int warmup, int iterations) {
        RequestCounter counter = new RequestCounter();
        RequestHandler<Object, Object> handler = InProcessHandlers.create(stack, function, counter)
                .orElseThrow(() -> new IllegalStateException(function.handlerClass() + " is not in bench.jar"));
        Map<String, String> env = stack.environment(function);
        ServiceConfig config = ServiceConfig.from(env::get);
        DynamoDbClient client = ServiceFactory.dynamoDbClient(config);
        BareComparisonRead bare = new BareComparisonRead(client, config.contentTable(), false);
        Object event = Events.build(SampleEvents.http(new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}"), 0, stack.signer()));
        long timeout = BenchStack.timeoutMillis(stack.template(), function);
        LambdaContext context = LambdaContext.of(function.logicalId(), timeout);

        String outcome = ColdLauncher.outcome(handler.handleRequest(event, context));
        if (!outcome.equals("ok")) {
            throw new IllegalStateException("the comparison read answered " + outcome);
        }
        if (bare.read(SampleEvents.SLUG).tools().isEmpty()) {
            throw new IllegalStateException("the bare read found no tools: the catalogue is not loaded");
        }
        long[] handlerNs = new long[iterations];
        long[] bareNs = new long[iterations];
        long[] nullContextNs = new long[iterations];
        long requests = 0;
        for (int i = 0; i < warmup + iterations; i++) {
            long a;
            long b;
            context = LambdaContext.of(function.logicalId(), timeout);
            long before = counter.total();
            if ((i & 1) == 0) {
                a = timeHandler(handler, event, context);
                b = timeBare(bare);
            } else {
                b = timeBare(bare);
                a = timeHandler(handler, event, context);
            }
            long handlerRequests = counter.total() - before;
            long c = timeHandler(handler, event, null);
            if (i >= warmup) {
                handlerNs[i - warmup] = a;
                bareNs[i - warmup] = b;
                nullContextNs[i - warmup] = c;
                requests += handlerRequests;
            }
        }
        double requestsPerRead = (double) requests / iterations;
        client.close();
        return new ReadResult(Latency.of(handlerNs), Latency.of(bareNs), Latency.of(nullContextNs), requestsPerRead);
    }

    /**
     * Any other function, with its representative event (a fresh one per call, built before the clock starts, so each
     * write is a new vote from a new client rather than a repeat that a handler might short-cut).
     */
    Optional<Latency> handler(FunctionSpec function, int warmup, int iterations) {
        Optional<RequestHandler<Object, Object>> created = InProcessHandlers.create(stack, function);
        if (created.isEmpty() || SampleEvents.forFunction(function, 0, stack.signer()).isEmpty()) {
            return Optional.empty();
        }
        RequestHandler<Object, Object> handler = created.get();
        long timeout = BenchStack.timeoutMillis(stack.template(), function);
        int base = 100_000;
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < warmup + iterations; i++) {
            events.add(Events.build(SampleEvents.forFunction(function, base + i, stack.signer()).orElseThrow()));
        }
        long[] ns = new long[iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            LambdaContext context = LambdaContext.of(function.logicalId(), timeout);
            long started = System.nanoTime();
            Object response = handler.handleRequest(events.get(i), context);
            long elapsed = System.nanoTime() - started;
            String outcome = ColdLauncher.outcome(response);
            if (!outcome.equals("ok")) {
                throw new IllegalStateException(function.logicalId() + " answered " + outcome + " to call " + i);
            }
            if (i >= warmup) {
                ns[i - warmup] = elapsed;
            }
        }
        log.println("warm: " + function.logicalId() + " done");
        return Optional.of(Latency.of(ns));
    }

    private static long timeHandler(RequestHandler<Object, Object> handler, Object event, LambdaContext context) {
        long started = System.nanoTime();
        Object response = handler.handleRequest(event, context);
        long elapsed = System.nanoTime() - started;
        if (response == null) {
            throw new IllegalStateException("no response");
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
