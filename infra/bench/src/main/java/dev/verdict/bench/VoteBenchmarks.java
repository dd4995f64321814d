package dev.verdict.bench;

import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import dev.verdict.core.store.StoreFactory;
import dev.verdict.core.config.ServiceFactory;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.LambdaResult;
import java.time.Duration;
import dev.verdict.localkit.StreamPoller;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The write side: vote throughput through the vote handler against bare conditional PutItem, aggregate writes per
 * vote through the real stream path, and the scheduled recompute over a large votes table.
 */
final class VoteBenchmarks {

    private final BenchStack stack;
    private final PrintStream log;

    VoteBenchmarks(BenchStack stack, PrintStream log) {
        this.stack = stack;
        this.log = log;
    }

    /** {@code requestsPerVote}: DynamoDB requests the vote handler made per vote, {@code operations} by kind. */
    record Throughput(double handlerPerSecond, double barePerSecond, int threads, int votesPerPhase, double requestsPerVote,
                      String operations, double lowestRoundRatio, double highestRoundRatio) {
    }

    /**
     * Votes/s through the vote handler (one handler instance per thread, as Lambda runs one event per environment at a
     * time; each vote a new voter from its own address, so it is a real new vote and no rate limit is what is measured)
     * against the same number of bare conditional PutItem calls of the same item shape on the same threads. Phases
     * alternate in ABBA order (bare, handler, handler, bare, …) after one discarded round of each.
     */
    Throughput votesPerSecond(FunctionSpec votesFunction, int threads, int votesPerThread, int rounds) throws Exception {
        List<LambdaHost> handlers = new ArrayList<>();
        RequestCounter requests = new RequestCounter();
        long timeout = BenchStack.timeoutMillis(stack.template(), votesFunction);
        for (int t = 0; t < threads; t++) {
            handlers.add(LambdaHost.of(votesFunction, stack.environment(votesFunction), Duration.ofMillis(timeout), requests));
        }
        Map<String, String> env = stack.environment(votesFunction);
        Settings settings = new Settings(env::get);
        DynamoDbClient client = ServiceFactory.dynamoDbClient(AwsSettings.from(settings));
        String votesTable = settings.table(StoreFactory.VOTES_TABLE);
        FunctionSpec.HttpRoute route = SampleEvents.representativeRoute(votesFunction.routes()).orElseThrow();
        AtomicLong sequence = new AtomicLong(1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long handlerNanos = 0;
        long bareNanos = 0;
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        try {
            for (int round = 0; round <= rounds; round++) {
                // The handler's events (each a new voter's signed cookie) are built before the clock starts, as the
                // bare calls' items are simple enough to build inside it.
                List<java.util.Deque<byte[]>> events = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    java.util.Deque<byte[]> queue = new java.util.ArrayDeque<>();
                    for (int i = 0; i < votesPerThread; i++) {
                        queue.add(SampleEvents.http(route, (int) sequence.incrementAndGet(), stack.signer()).json());
                    }
                    events.add(queue);
                }
                IntConsumer bareVote = thread -> {
                    long n = sequence.incrementAndGet();
                    Map<String, AttributeValue> item = new HashMap<>();
                    item.put("pk", AttributeValue.fromS("VOTER#bare-" + n));
                    item.put("sk", AttributeValue.fromS("TOOL#" + SampleEvents.TOOL));
                    item.put("toolId", AttributeValue.fromS(SampleEvents.TOOL));
                    item.put("verdict", AttributeValue.fromS("ship"));
                    item.put("comparison", AttributeValue.fromS(SampleEvents.SLUG));
                    item.put("votedAt", AttributeValue.fromS(java.time.Instant.now().toString()));
                    client.putItem(PutItemRequest.builder().tableName(votesTable).item(item)
                            .conditionExpression("attribute_not_exists(#pk) OR #verdict <> :verdict")
                            .expressionAttributeNames(Map.of("#pk", "pk", "#verdict", "verdict"))
                            .expressionAttributeValues(Map.of(":verdict", AttributeValue.fromS("ship")))
                            .build());
                };
                IntConsumer handlerVote = thread -> {
                    String outcome = SampleEvents.outcome(handlers.get(thread).invoke(events.get(thread).poll()));
                    if (!outcome.equals("ok")) {
                        throw new IllegalStateException("the vote handler answered " + outcome);
                    }
                };
                // ABBA: bare first in even rounds, the handler first in odd ones, so a machine getting busier or
                // quieter during the run weighs on both alike.
                long bare;
                long handler;
                if (round % 2 == 0) {
                    bare = phase(pool, threads, votesPerThread, bareVote);
                    handler = phase(pool, threads, votesPerThread, handlerVote);
                } else {
                    handler = phase(pool, threads, votesPerThread, handlerVote);
                    bare = phase(pool, threads, votesPerThread, bareVote);
                }
                if (round > 0) {
                    bareNanos += bare;
                    handlerNanos += handler;
                    lowest = Math.min(lowest, (double) bare / handler);
                    highest = Math.max(highest, (double) bare / handler);
                } else {
                    requests.reset();
                }
            }
        } finally {
            pool.shutdownNow();
            client.close();
        }
        double votes = (double) threads * votesPerThread * rounds;
        return new Throughput(votes / (handlerNanos / 1e9), votes / (bareNanos / 1e9), threads, threads * votesPerThread,
                requests.total() / votes, requests.describe(), lowest, highest);
    }

    /** {@code threads} workers each doing {@code perThread} calls of {@code call(thread)}; returns the wall time. */
    private static long phase(ExecutorService pool, int threads, int perThread, IntConsumer call) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    call.accept(thread);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        return System.nanoTime() - started;
    }

    /** Counts successful writes to community aggregate items (sk = COMMUNITY), one per item in a transaction. */
    static final class AggregateWriteCounter implements ExecutionInterceptor {
        final AtomicLong aggregateWrites = new AtomicLong();
        final AtomicLong bucketWrites = new AtomicLong();
        final AtomicLong transactions = new AtomicLong();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest transaction) {
                transactions.incrementAndGet();
                transaction.transactItems().forEach(item -> {
                    Map<String, AttributeValue> key = item.update() != null ? item.update().key()
                            : item.put() != null ? item.put().item()
                            : item.delete() != null ? item.delete().key() : Map.of();
                    if (isAggregate(key)) {
                        aggregateWrites.incrementAndGet();
                    } else if (key.get("sk") != null && key.get("sk").s().startsWith("BUCKET")) {
                        bucketWrites.incrementAndGet();
                    }
                });
            } else if (context.request() instanceof UpdateItemRequest update && isAggregate(update.key())) {
                aggregateWrites.incrementAndGet();
            } else if (context.request() instanceof PutItemRequest put && isAggregate(put.item())) {
                aggregateWrites.incrementAndGet();
            }
        }

        private static boolean isAggregate(Map<String, AttributeValue> key) {
            AttributeValue sk = key.get("sk");
            return sk != null && "COMMUNITY".equals(sk.s());
        }
    }

    record Amplification(long votes, long aggregateWrites, long bucketWrites, long transactions, long batches, double seconds) {
    }

    /**
     * A burst of {@code votes} votes over {@code tools} tools, written to a fresh votes table (parallel BatchWriteItem),
     * carried by the table's stream through the local stack's stream poller (template.yaml's BatchSize and batching
     * window, polling from before the burst) into the real stream handler, whose aggregate writes are counted.
     * Returns once the aggregates hold every vote. With {@code backlog} the votes are all written before the poller
     * starts (the stream handler catching up after an outage or a throttled spell), so batches are as full as the
     * mapping's BatchSize allows.
     */
    Amplification streamBurst(FunctionSpec streamFunction, String prefix, int votes, int tools, boolean backlog)
            throws Exception {
        stack.createTables(prefix);
        Map<String, String> env = stack.environment(streamFunction, prefix);
        AggregateWriteCounter counter = new AggregateWriteCounter();
        long timeout = BenchStack.timeoutMillis(stack.template(), streamFunction);
        LambdaHost handler = LambdaHost.of(streamFunction, env, Duration.ofMillis(timeout), counter);
        FunctionSpec.StreamMapping mapping = streamFunction.streams().getFirst();
        String votesTable = prefix + mapping.tableLogicalId();
        String contentTable = new Settings(env::get).table(StoreFactory.CONTENT_TABLE);
        AtomicLong batches = new AtomicLong();
        String arn = StreamPoller.streamArn(stack.client(), votesTable);
        if (backlog) {
            writeVotes(votesTable, votes, tools, "burst");
        }
        long started = System.nanoTime();
        try (StreamPoller poller = new StreamPoller(stack.dynamo().streamsClient(), arn, mapping, event -> {
            batches.incrementAndGet();
            return handler.invoke(event);
        }).start()) {
            if (!backlog) {
                writeVotes(votesTable, votes, tools, "burst");
            }
            long deadline = System.currentTimeMillis() + 300_000;
            while (countedVotes(contentTable, tools) < votes) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the aggregates did not reach " + votes + " votes in 5 minutes");
                }
                Thread.sleep(100);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Amplification(votes, counter.aggregateWrites.get(), counter.bucketWrites.get(), counter.transactions.get(),
                batches.get(), seconds);
    }

    /**
     * Votes at ordinary traffic: one a second for {@code seconds}, each its own write, through the same poller and
     * handler as {@link #streamBurst}, with the mapping's batching window or {@code windowSeconds} in its place (to
     * compare windows in one run); then waits until every vote is counted.
     */
    Amplification streamSteady(FunctionSpec streamFunction, String prefix, int seconds, int tools,
                               java.util.OptionalInt windowSeconds) throws Exception {
        stack.createTables(prefix);
        Map<String, String> env = stack.environment(streamFunction, prefix);
        AggregateWriteCounter counter = new AggregateWriteCounter();
        long timeout = BenchStack.timeoutMillis(stack.template(), streamFunction);
        LambdaHost handler = LambdaHost.of(streamFunction, env, Duration.ofMillis(timeout), counter);
        FunctionSpec.StreamMapping mapping = streamFunction.streams().getFirst();
        String votesTable = prefix + mapping.tableLogicalId();
        String contentTable = new Settings(env::get).table(StoreFactory.CONTENT_TABLE);
        AtomicLong batches = new AtomicLong();
        String arn = StreamPoller.streamArn(stack.client(), votesTable);
        FunctionSpec.StreamMapping windowed = new FunctionSpec.StreamMapping(mapping.tableLogicalId(), mapping.batchSize(),
                windowSeconds.orElse(mapping.batchingWindowSeconds()), mapping.properties());
        long started = System.nanoTime();
        try (StreamPoller poller = new StreamPoller(stack.dynamo().streamsClient(), arn, windowed, event -> {
            batches.incrementAndGet();
            return handler.invoke(event);
        }).start()) {
            for (int i = 0; i < seconds; i++) {
                long next = started + (i + 1) * 1_000_000_000L;
                writeVote(votesTable, i, tools, "steady");
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    Thread.sleep(wait);
                }
            }
            long deadline = System.currentTimeMillis() + 300_000;
            while (countedVotes(contentTable, tools) < seconds) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the aggregates did not reach " + seconds + " steady votes in 5 minutes");
                }
                Thread.sleep(100);
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        return new Amplification(seconds, counter.aggregateWrites.get(), counter.bucketWrites.get(), counter.transactions.get(),
                batches.get(), elapsed);
    }

    record RecomputeResult(double seconds, long invocations, long drift, long unsettled, long scanned) {
    }

    /**
     * The scheduled recompute over the tables under {@code prefix}, invoked with a ScheduledEvent and a context that
     * counts down from template.yaml's Timeout, again until it reports a complete pass (a run that nears its timeout
     * saves a cursor and the next resumes, as the schedule would).
     */
    RecomputeResult recompute(FunctionSpec recomputeFunction, String prefix) {
        Map<String, String> env = stack.environment(recomputeFunction, prefix);
        long timeout = BenchStack.timeoutMillis(stack.template(), recomputeFunction);
        LambdaHost handler = LambdaHost.of(recomputeFunction, env, Duration.ofMillis(timeout));
        byte[] event = SampleEvents.forFunction(recomputeFunction, 0, stack.signer()).orElseThrow();
        long started = System.nanoTime();
        long invocations = 0;
        long drift = 0;
        long unsettled = 0;
        long scanned = 0;
        while (true) {
            invocations++;
            LambdaResult result = handler.invoke(event);
            if (!result.ok()) {
                throw new IllegalStateException("the recompute failed: " + result.describe());
            }
            var summary = LambdaEvents.tree(result.payload());
            drift += summary.path("driftRepaired").asLong();
            unsettled += summary.path("driftUnsettled").asLong();
            scanned = summary.path("itemsScanned").asLong();
            if (summary.path("complete").asBoolean(false) || invocations >= 20) {
                break;
            }
        }
        return new RecomputeResult((System.nanoTime() - started) / 1e9, invocations, drift, unsettled, scanned);
    }

    /**
     * Seeds {@code votes} votes over {@code tools} tools straight into a fresh votes table (parallel BatchWriteItem, 25
     * items a request) and the exact community aggregates they add up to, as a stream that had kept up would have left
     * them.
     */
    void seed(String prefix, int votes, int tools) throws Exception {
        stack.createTablesWithoutStreams(prefix);
        long[][] counts = writeVotes(prefix + "VotesTable", votes, tools, "seed");
        DynamoDbClient client = stack.client();
        for (int t = 0; t < tools; t++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("TOOL#" + tool(t)));
            item.put("sk", AttributeValue.fromS("COMMUNITY"));
            item.put("ship", AttributeValue.fromN(Long.toString(counts[t][0])));
            item.put("skip", AttributeValue.fromN(Long.toString(counts[t][1])));
            item.put("updatedAt", AttributeValue.fromS(java.time.Instant.now().toString()));
            client.putItem(b -> b.tableName(prefix + "ContentTable").item(item));
        }
    }

    /** Vote i: voter {@code label-i}, tool i mod tools, ship for two in three. Returns [tool][ship, skip] counts. */
    /** Vote {@code i} as the votes function writes it (its changedAt included, which places it in an hourly bucket). */
    private static Map<String, AttributeValue> voteItem(int i, int tools, String label) {
        int t = i % tools;
        boolean ship = i % 3 != 2;
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("VOTER#" + label + "-" + i));
        item.put("sk", AttributeValue.fromS("TOOL#" + tool(t)));
        item.put("toolId", AttributeValue.fromS(tool(t)));
        item.put("verdict", AttributeValue.fromS(ship ? "ship" : "skip"));
        item.put("comparison", AttributeValue.fromS("bench-comparison"));
        item.put("votedAt", AttributeValue.fromS("2026-11-27T00:00:00Z"));
        item.put("changedAt", AttributeValue.fromN(Long.toString(System.currentTimeMillis())));
        return item;
    }

    private void writeVote(String table, int i, int tools, String label) {
        stack.client().putItem(b -> b.tableName(table).item(voteItem(i, tools, label)));
    }

    private long[][] writeVotes(String table, int votes, int tools, String label) throws Exception {
        long[][] counts = new long[tools][2];
        List<WriteRequest> all = new ArrayList<>(votes);
        for (int i = 0; i < votes; i++) {
            int t = i % tools;
            boolean ship = i % 3 != 2;
            counts[t][ship ? 0 : 1]++;
            all.add(WriteRequest.builder().putRequest(PutRequest.builder().item(voteItem(i, tools, label)).build()).build());
        }
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                futures.add(pool.submit(() -> {
                    DynamoDbClient client = stack.dynamo().client();
                    for (int from = worker * 25; from < all.size(); from += threads * 25) {
                        List<WriteRequest> chunk = all.subList(from, Math.min(from + 25, all.size()));
                        Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
                        while (!pending.isEmpty()) {
                            Map<String, List<WriteRequest>> request = pending;
                            BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
                            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                        }
                    }
                    client.close();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        log.println("wrote " + votes + " votes to " + table);
        return counts;
    }

    private long countedVotes(String contentTable, int tools) {
        long total = 0;
        for (int t = 0; t < tools; t++) {
            Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("TOOL#" + tool(t)), "sk", AttributeValue.fromS("COMMUNITY"));
            var item = stack.client().getItem(b -> b.tableName(contentTable).consistentRead(true).key(key)).item();
            if (item != null && item.containsKey("ship")) {
                total += Long.parseLong(item.get("ship").n()) + Long.parseLong(item.get("skip").n());
            }
        }
        return total;
    }

    static String tool(int t) {
        return String.format("bench-tool-%02d", t);
    }
}
