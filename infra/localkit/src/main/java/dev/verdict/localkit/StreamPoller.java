package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.TimeWindow;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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
 * mapping's BatchSize and MaximumBatchingWindowInSeconds, hands each batch to the function as the DynamodbEvent (or,
 * with a tumbling window, the DynamodbTimeWindowEvent naming the shard) that Lambda would build, and on
 * {@code batchItemFailures} re-delivers from the first failed sequence number. A function error retries the batch,
 * halved when BisectBatchOnFunctionError is set, up to MaximumRetryAttempts; then the batch is dropped (and logged,
 * standing in for the on-failure destination). Each shard is processed in order, one batch at a time, parents first.
 */
public final class StreamPoller implements AutoCloseable {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final FunctionSpec.StreamMapping mapping;
    private final Function<Object, Object> function;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private volatile boolean running;
    private Thread thread;

    /** Where one shard is: its iterator, records read but not yet delivered, and the last sequence read. */
    private static final class ShardState {
        final Shard shard;
        String iterator;
        boolean started;
        boolean closed;
        String lastRead;
        final List<Record> buffer = new ArrayList<>();
        long firstBufferedAt;
        int attempts;

        ShardState(Shard shard) {
            this.shard = shard;
        }
    }

    public StreamPoller(DynamoDbStreamsClient streams, String streamArn, FunctionSpec.StreamMapping mapping,
                        Function<Object, Object> function) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.mapping = mapping;
        this.function = function;
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

    /** Delivers everything in the stream now, ignoring the batching window (tests). Returns the batches delivered. */
    public synchronized int drain() {
        int batches = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (ShardState state : refreshShards()) {
                while (true) {
                    if (state.buffer.size() < mapping.batchSize() && read(state) > 0) {
                        progress = true;
                    } else if (!state.buffer.isEmpty()) {
                        deliver(state);
                        batches++;
                        progress = true;
                    } else {
                        break;
                    }
                }
            }
        }
        return batches;
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
            boolean due = !state.buffer.isEmpty() && System.currentTimeMillis() - state.firstBufferedAt >= windowMillis;
            if (full || due || (ignoreWindow && !state.buffer.isEmpty())) {
                deliver(state);
                busy = true;
            }
        }
        return busy;
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
                state.firstBufferedAt = System.currentTimeMillis();
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
        int taken;
        try {
            taken = taken(batch, function.apply(event(state.shard.shardId(), batch)));
            state.attempts = taken == 0 ? state.attempts + 1 : 0;
        } catch (RuntimeException functionError) {
            System.err.println("stream poller: function error on a batch of " + batch.size() + ": " + functionError);
            taken = 0;
            state.attempts++;
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
            state.firstBufferedAt = taken == 0 ? state.firstBufferedAt : System.currentTimeMillis();
        }
        if (taken == 0) {
            sleepQuietly(Math.min(1000, 50L << Math.min(state.attempts, 5)));
        }
    }

    /** How many records of the batch are done: all, or those before the first reported failure. */
    private static int taken(List<Record> batch, Object response) {
        List<String> failed = new ArrayList<>();
        if (response instanceof StreamsEventResponse r && r.getBatchItemFailures() != null) {
            r.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        } else if (response instanceof TimeWindowEventResponse r && r.getBatchItemFailures() != null) {
            r.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        if (failed.isEmpty()) {
            return batch.size();
        }
        for (int i = 0; i < batch.size(); i++) {
            if (failed.contains(batch.get(i).dynamodb().sequenceNumber())) {
                return i;
            }
        }
        // Lambda treats an identifier that is not in the batch as a failure of the whole batch.
        return 0;
    }

    /** The event Lambda sends for this batch. */
    public DynamodbEvent event(String shardId, List<Record> batch) {
        List<DynamodbStreamRecord> records = batch.stream().map(this::record).toList();
        Object window = mapping.properties().get("TumblingWindowInSeconds");
        if (window == null) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(records);
            return event;
        }
        long seconds = ((Number) window).longValue();
        long now = Instant.now().getEpochSecond();
        long start = now - Math.floorMod(now, seconds);
        DynamodbTimeWindowEvent event = new DynamodbTimeWindowEvent(records,
                new TimeWindow(Instant.ofEpochSecond(start).toString(), Instant.ofEpochSecond(start + seconds).toString()),
                new HashMap<>(), shardId, streamArn, false, false);
        return event;
    }

    private DynamodbStreamRecord record(Record from) {
        var dynamodb = from.dynamodb();
        StreamRecord stream = new StreamRecord()
                .withKeys(convert(dynamodb.keys()))
                .withSequenceNumber(dynamodb.sequenceNumber())
                .withSizeBytes(dynamodb.sizeBytes());
        if (dynamodb.streamViewTypeAsString() != null) {
            stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                    .fromValue(dynamodb.streamViewTypeAsString()));
        }
        if (dynamodb.approximateCreationDateTime() != null) {
            stream.setApproximateCreationDateTime(Date.from(dynamodb.approximateCreationDateTime()));
        }
        if (dynamodb.hasNewImage()) {
            stream.setNewImage(convert(dynamodb.newImage()));
        }
        if (dynamodb.hasOldImage()) {
            stream.setOldImage(convert(dynamodb.oldImage()));
        }
        DynamodbStreamRecord record = new DynamodbStreamRecord();
        record.setEventSourceARN(streamArn);
        record.setEventID(from.eventID());
        record.setEventName(from.eventNameAsString());
        record.setEventVersion(from.eventVersion());
        record.setEventSource(from.eventSource() == null ? "aws:dynamodb" : from.eventSource());
        record.setAwsRegion(from.awsRegion() == null ? "us-east-1" : from.awsRegion());
        record.setDynamodb(stream);
        return record;
    }

    static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> convert(
            Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, convert(value)));
        return out;
    }

    static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue convert(AttributeValue value) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (value.s() != null) {
            out.setS(value.s());
        } else if (value.n() != null) {
            out.setN(value.n());
        } else if (value.b() != null) {
            out.setB(value.b().asByteBuffer());
        } else if (value.hasSs()) {
            out.setSS(value.ss());
        } else if (value.hasNs()) {
            out.setNS(value.ns());
        } else if (value.hasBs()) {
            out.setBS(value.bs().stream().map(b -> b.asByteBuffer()).toList());
        } else if (value.hasM()) {
            out.setM(convert(value.m()));
        } else if (value.hasL()) {
            out.setL(value.l().stream().map(StreamPoller::convert).toList());
        } else if (value.bool() != null) {
            out.setBOOL(value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            out.setNULL(true);
        }
        return out;
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
