package dev.verdict.localkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's DynamoDB event source mapping, on a laptop: reads every shard of a table's stream, batches records by the
 * mapping's BatchSize and MaximumBatchingWindowInSeconds, and invokes the function with the JSON Lambda sends: a
 * {@code {"Records":[…]}} batch, or with a tumbling window, the window event naming the shard, the window and the
 * state the function returned last in it. Answers are judged as the mapping judges them:
 * <ul>
 *   <li>a function error, or (with a tumbling window) an answer without {@code state}, fails the whole batch: it is
 *       retried, halved each time when BisectBatchOnFunctionError is set, up to MaximumRetryAttempts, then dropped
 *       (logged, standing in for the on-failure destination);</li>
 *   <li>with ReportBatchItemFailures, {@code batchItemFailures} re-delivers from the first failed sequence number; an
 *       identifier that is empty or not in the batch fails the whole batch;</li>
 *   <li>when a window has passed, its final invoke ({@code isFinalInvokeForWindow}, no records, the last state) is
 *       sent, and retried like a batch until it succeeds; then the state is dropped.</li>
 * </ul>
 * Each shard is processed in order, one batch at a time, parents first.
 */
public final class StreamPoller implements AutoCloseable {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final FunctionSpec.StreamMapping mapping;
    private final LambdaInvoker function;
    private final Clock clock;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private volatile boolean running;
    /** In {@link #drain}: a failed batch is tried again at once. Only read and written under this object's lock. */
    private boolean draining;
    private Thread thread;

    /** Where one shard is: its iterator, records read but not yet delivered, the last sequence read, its window. */
    private static final class ShardState {
        final Shard shard;
        String iterator;
        boolean started;
        boolean closed;
        String lastRead;
        final List<Record> buffer = new ArrayList<>();
        long firstBufferedAt;
        int attempts;
        /** The tumbling window the shard's last invoke belonged to, and the state the function returned in it. */
        LambdaEvents.Window window;
        JsonNode state;
        int finalAttempts;

        ShardState(Shard shard) {
            this.shard = shard;
        }
    }

    public StreamPoller(DynamoDbStreamsClient streams, String streamArn, FunctionSpec.StreamMapping mapping,
                        LambdaInvoker function) {
        this(streams, streamArn, mapping, function, Clock.systemUTC());
    }

    /** {@code clock} decides when batching windows and tumbling windows end (a test moves it past one). */
    public StreamPoller(DynamoDbStreamsClient streams, String streamArn, FunctionSpec.StreamMapping mapping,
                        LambdaInvoker function, Clock clock) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.mapping = mapping;
        this.function = function;
        this.clock = clock;
    }

    /** The stream of a table, as the event source mapping finds it (the table's latest stream). */
    public static String streamArn(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, String tableName) {
        String arn = dynamo.describeTable(b -> b.tableName(tableName)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalStateException("table " + tableName + " has no stream");
        }
        return arn;
    }

    /** Polls in the background until closed. */
    public StreamPoller start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("stream-poller").start(() -> {
            while (running) {
                try {
                    if (!pollOnce(false)) {
                        Thread.sleep(50);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (running) { // a call cut short by close() is not worth reporting
                        System.err.println("stream poller: " + e);
                        sleepQuietly(500);
                    }
                }
            }
        });
        return this;
    }

    /**
     * Delivers everything in the stream now, ignoring the batching window and the pause before a failed batch is tried
     * again (tests: the pause paces retries on the local stack as Lambda's do, and a test cannot tell it from none;
     * under mutation testing, a mutant that fails every batch spent its timeout in those pauses). Returns the
     * invocations made.
     */
    public synchronized int drain() {
        draining = true;
        try {
            return deliverEverything();
        } finally {
            draining = false;
        }
    }

    private int deliverEverything() {
        int invocations = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (ShardState state : refreshShards()) {
                while (true) {
                    if (state.buffer.size() < mapping.batchSize() && read(state) > 0) {
                        progress = true;
                    } else if (!state.buffer.isEmpty()) {
                        deliver(state);
                        invocations++;
                        progress = true;
                    } else {
                        break;
                    }
                }
            }
            int finals = closeFinishedWindows();
            invocations += finals;
            progress |= finals > 0;
        }
        return invocations;
    }

    /** One round over the shards; returns whether anything was read or delivered. */
    synchronized boolean pollOnce(boolean ignoreWindow) {
        boolean busy = false;
        for (ShardState state : refreshShards()) {
            if (state.buffer.size() < mapping.batchSize()) {
                busy |= read(state) > 0;
            }
            long windowMillis = mapping.batchingWindowSeconds() * 1000L;
            boolean full = state.buffer.size() >= mapping.batchSize();
            boolean due = !state.buffer.isEmpty() && clock.millis() - state.firstBufferedAt >= windowMillis;
            if (full || due || (ignoreWindow && !state.buffer.isEmpty())) {
                deliver(state);
                busy = true;
            }
        }
        busy |= closeFinishedWindows() > 0;
        return busy;
    }

    /** The tumbling window's length, or 0 when the mapping has none. */
    private long windowSeconds() {
        return mapping.properties().get("TumblingWindowInSeconds") instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Sends the final invoke of every shard's window that has ended (the clock is past its end), as Lambda does at the
     * end of each window; returns how many were sent. A failed final invoke is sent again on the next round, up to
     * MaximumRetryAttempts times, then the window is given up on (logged, standing in for the on-failure destination).
     */
    private int closeFinishedWindows() {
        int sent = 0;
        for (ShardState state : shards.values()) {
            if (state.window != null && !clock.instant().isBefore(state.window.end())) {
                sent++;
                LambdaResult result = function.invoke(LambdaEvents.windowBatch(List.of(), state.window, state.state,
                        state.shard.shardId(), streamArn, true));
                int maxRetries = ((Number) mapping.properties().getOrDefault("MaximumRetryAttempts", -1)).intValue();
                if (stateOf(result) != null || (maxRetries >= 0 && state.finalAttempts >= maxRetries)) {
                    if (stateOf(result) == null) {
                        System.err.println("stream poller: giving up on the final invoke of window " + state.window.start()
                                + " (on-failure destination)");
                    }
                    state.window = null;
                    state.state = null;
                    state.finalAttempts = 0;
                } else {
                    state.finalAttempts++;
                    System.err.println("stream poller: the final invoke of window " + state.window.start()
                            + " failed (" + failure(result) + "); retrying");
                }
            }
        }
        return sent;
    }

    /** Shards ready to read: known, not finished, and whose parent (if we saw it) is finished. */
    private List<ShardState> refreshShards() {
        String start = null;
        do {
            var description = streams.describeStream(DescribeStreamRequest.builder().streamArn(streamArn)
                    .exclusiveStartShardId(start).build()).streamDescription();
            for (Shard shard : description.shards()) {
                shards.computeIfAbsent(shard.shardId(), id -> new ShardState(shard));
            }
            start = description.lastEvaluatedShardId();
        } while (start != null);
        List<ShardState> ready = new ArrayList<>();
        for (ShardState state : shards.values()) {
            ShardState parent = state.shard.parentShardId() == null ? null : shards.get(state.shard.parentShardId());
            boolean parentDone = parent == null || (parent.closed && parent.buffer.isEmpty());
            if (parentDone && !(state.closed && state.buffer.isEmpty())) {
                ready.add(state);
            }
        }
        return ready;
    }

    private int read(ShardState state) {
        if (state.closed) {
            return 0;
        }
        if (!state.started || state.iterator == null) {
            state.iterator = iterator(state);
            state.started = true;
        }
        List<Record> records;
        try {
            var response = streams.getRecords(GetRecordsRequest.builder().shardIterator(state.iterator)
                    .limit(Math.max(1, Math.min(1000, mapping.batchSize() - state.buffer.size()))).build());
            records = response.records();
            state.iterator = response.nextShardIterator();
            if (state.iterator == null) {
                state.closed = true;
            }
        } catch (ExpiredIteratorException expired) {
            state.iterator = null;
            return 0;
        } catch (TrimmedDataAccessException emptyShard) {
            // LocalStack (its DynamoDB is DynamoDB Local) answers a TRIM_HORIZON iterator taken on an empty shard this way; a fresh
            // iterator on the next round reads the records written since.
            state.iterator = null;
            return 0;
        }
        if (!records.isEmpty()) {
            if (state.buffer.isEmpty()) {
                state.firstBufferedAt = clock.millis();
            }
            state.buffer.addAll(records);
            state.lastRead = records.getLast().dynamodb().sequenceNumber();
        }
        return records.size();
    }

    private String iterator(ShardState state) {
        var request = GetShardIteratorRequest.builder().streamArn(streamArn).shardId(state.shard.shardId());
        if (state.lastRead == null) {
            request.shardIteratorType(ShardIteratorType.fromValue(String.valueOf(
                    mapping.properties().getOrDefault("StartingPosition", "TRIM_HORIZON"))));
        } else {
            request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(state.lastRead);
        }
        return streams.getShardIterator(request.build()).shardIterator();
    }

    /** Invokes the function with the head of the buffer and keeps whatever it did not take. */
    private void deliver(ShardState state) {
        int size = Math.min(mapping.batchSize(), state.buffer.size());
        if (state.attempts > 0 && Boolean.TRUE.equals(mapping.properties().get("BisectBatchOnFunctionError"))) {
            size = Math.max(1, size >> Math.min(state.attempts, 16));
        }
        List<Record> batch = List.copyOf(state.buffer.subList(0, size));
        LambdaResult result = function.invoke(event(state, batch));
        int taken = taken(state, batch, result);
        if (taken < 0) {
            System.err.println("stream poller: a batch of " + batch.size() + " failed: " + failure(result));
            taken = 0;
            state.attempts++;
        } else {
            state.attempts = taken == 0 ? state.attempts + 1 : 0;
        }
        int maxRetries = ((Number) mapping.properties().getOrDefault("MaximumRetryAttempts", -1)).intValue();
        if (taken == 0 && maxRetries >= 0 && state.attempts > maxRetries) {
            System.err.println("stream poller: giving up on " + batch.size() + " records from "
                    + batch.getFirst().dynamodb().sequenceNumber() + " (on-failure destination)");
            taken = batch.size();
            state.attempts = 0;
        }
        state.buffer.subList(0, taken).clear();
        if (!state.buffer.isEmpty()) {
            state.firstBufferedAt = taken == 0 ? state.firstBufferedAt : clock.millis();
        }
        if (taken == 0 && !draining) {
            sleepQuietly(Math.min(1000, 50L << Math.min(state.attempts, 5)));
        }
    }

    /**
     * The event for this batch. With a tumbling window, a batch that falls in a new window first closes the old one
     * (its final invoke), then starts the new one with empty state.
     */
    private byte[] event(ShardState state, List<Record> batch) {
        List<ObjectNode> records = batch.stream().map(r -> LambdaEvents.streamRecord(r, streamArn)).toList();
        long seconds = windowSeconds();
        if (seconds <= 0) {
            return LambdaEvents.streamBatch(records);
        }
        LambdaEvents.Window now = LambdaEvents.Window.containing(clock.instant(), seconds);
        if (state.window != null && !state.window.equals(now)) {
            closeFinishedWindows();
        }
        if (state.window == null) {
            state.window = now;
            state.state = LambdaEvents.JSON.createObjectNode();
        }
        return LambdaEvents.windowBatch(records, state.window, state.state, state.shard.shardId(), streamArn, false);
    }

    /**
     * How many records of the batch are done, as the mapping judges the answer: -1 when the whole batch failed (a
     * function error, no {@code state} with a tumbling window); otherwise all, or those before the first reported
     * failure, or 0 when a reported identifier is empty or not in the batch.
     */
    private int taken(ShardState state, List<Record> batch, LambdaResult result) {
        if (!result.ok()) {
            return -1;
        }
        JsonNode answer = LambdaEvents.tree(result.payload());
        if (windowSeconds() > 0) {
            JsonNode returned = stateOf(result);
            if (returned == null) {
                return -1;
            }
            state.state = returned; // handed to the next invoke in this window
        }
        if (!Boolean.TRUE.equals(reportsItemFailures())) {
            return batch.size();
        }
        JsonNode failures = answer.path("batchItemFailures");
        if (!failures.isArray() || failures.isEmpty()) {
            return batch.size();
        }
        int first = batch.size();
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            int at = -1;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).dynamodb().sequenceNumber().equals(id)) {
                    at = i;
                }
            }
            if (at < 0) {
                return 0; // Lambda treats an identifier that is empty or not in the batch as a failure of the whole batch
            }
            first = Math.min(first, at);
        }
        return first;
    }

    private Boolean reportsItemFailures() {
        return SamTemplate.list(mapping.properties().get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
    }

    /** The {@code state} a window answer carries, or null when it has none (which Lambda counts as a failure). */
    private static JsonNode stateOf(LambdaResult result) {
        if (!result.ok()) {
            return null;
        }
        JsonNode state = LambdaEvents.tree(result.payload()).path("state");
        return state.isObject() ? state : null;
    }

    private static String failure(LambdaResult result) {
        return result.ok() ? "no state in the answer " + result.json() : result.describe();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
