package dev.verdict.aggregates;

import dev.verdict.core.config.Settings;
import dev.verdict.core.store.StoreFactory;
import dev.verdict.core.store.VotesTable;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The votes table's stream, read directly by the recompute (Lambda's event source mapping reads it for the stream
 * handler; this reads the same records again, which DynamoDB Streams allows any number of readers to do).
 *
 * <p>Two things are read: a {@link Mark} when a scan begins (a LATEST iterator per open shard: whatever is read from
 * it later was written after that moment), and, when the scan is over, every change from the shards' checkpoints to
 * their current ends, each one flagged as written before the mark or possibly during the scan.
 */
@Singleton
public final class VotesStreamReader {

    /** DynamoDB Streams returns at most 1,000 records per call. */
    private static final int PAGE = 1000;
    /** Stop reading with this much time left, so the recompute can still answer. */
    private static final long RESERVE_MILLIS = 5_000;

    private final DynamoDbStreamsClient streams;
    private final DynamoDbClient dynamo;
    private final String votesTable;

    public VotesStreamReader(DynamoDbStreamsClient streams, DynamoDbClient dynamo, Settings settings) {
        this.streams = streams;
        this.dynamo = dynamo;
        this.votesTable = settings.table(StoreFactory.VOTES_TABLE);
    }

    /**
     * Where the stream stood when a scan began.
     *
     * @param shards    every shard the stream had then (open or closed), parents before children
     * @param iterators a LATEST iterator per shard that was open then (valid for 15 minutes)
     */
    public record Mark(String streamArn, List<String> shards, Map<String, String> iterators) {
    }

    /**
     * One change of one vote item, as the stream recorded it.
     *
     * @param shard    the checkpoint scope of its shard (as the stream handler names it)
     * @param rank     its shard's place in the stream's lineage (parents first), for ordering an item's changes
     * @param item     the item's identity ({@link VotesTable#item})
     * @param readable false when the images do not say what the vote was (the tool is still known from the key)
     * @param during   written after the mark, so possibly after the scan read the item
     */
    public record ItemChange(String shard, int rank, BigInteger sequence, String item, Optional<String> toolId,
                             Optional<VotesTable.Vote> before, Optional<VotesTable.Vote> after, boolean readable,
                             boolean during) {
    }

    /** What {@link #readSince} found; {@code complete} is false when part of the stream could not be read. */
    public record Reading(List<ItemChange> changes, boolean complete, long recordsRead) {
    }

    /** The checkpoint scope of a shard: the stream handler keys its checkpoint by the event source and the shard. */
    public static String scope(String streamArn, String shardId) {
        return streamArn + "|" + shardId;
    }

    public Mark mark() {
        String arn = streamArn();
        if (arn == null) {
            return new Mark(null, List.of(), Map.of()); // a table without a stream: nothing but the scan changes counts
        }
        List<Shard> shards = shards(arn);
        Map<String, String> iterators = new LinkedHashMap<>();
        for (Shard shard : shards) {
            if (shard.sequenceNumberRange() == null || shard.sequenceNumberRange().endingSequenceNumber() == null) {
                iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.LATEST)).shardIterator());
            }
        }
        return new Mark(arn, shards.stream().map(Shard::shardId).toList(), iterators);
    }

    /**
     * Every change after {@code from} (per shard id: after that sequence number; from the start of a shard that has
     * none) to the current end of every shard. Changes read from a mark's iterator are flagged {@code during}, and so
     * is every change of a shard that appeared after the mark. The checkpoints' stretch is read first and the mark's
     * second, so anything the first read saw after the mark is also in the second. With {@code everythingDuring}
     * (a scan that spanned invocations, whose marks are gone) every change counts as possibly during the scan.
     */
    public Reading readSince(Mark mark, Map<String, Optional<BigInteger>> from, LongSupplier remainingMillis,
                             boolean everythingDuring) {
        if (mark.streamArn() == null) {
            return new Reading(List.of(), true, 0);
        }
        List<Shard> shards;
        try {
            shards = shards(mark.streamArn());
        } catch (ResourceNotFoundException streamGone) {
            return new Reading(List.of(), false, 0);
        }
        Map<String, Integer> rank = new HashMap<>();
        for (Shard shard : shards) {
            rank.put(shard.shardId(), rank.size());
        }
        Map<String, TreeMap<BigInteger, Record>> before = new LinkedHashMap<>();
        Map<String, TreeMap<BigInteger, Record>> during = new LinkedHashMap<>();
        boolean complete = true;
        for (Shard shard : shards) {
            String id = shard.shardId();
            boolean knownAtMark = mark.shards().contains(id);
            Optional<BigInteger> after = knownAtMark ? from.getOrDefault(id, Optional.empty()) : Optional.empty();
            Optional<List<Record>> read = read(() -> iterator(mark.streamArn(), id, after), remainingMillis);
            complete &= read.isPresent();
            (knownAtMark ? before : during).put(id, byNumber(read.orElse(List.of())));
        }
        for (var entry : mark.iterators().entrySet()) {
            Optional<List<Record>> read = read(entry::getValue, remainingMillis);
            complete &= read.isPresent();
            during.computeIfAbsent(entry.getKey(), id -> new TreeMap<>()).putAll(byNumber(read.orElse(List.of())));
        }
        List<ItemChange> changes = new ArrayList<>();
        long records = 0;
        for (Shard shard : shards) {
            String id = shard.shardId();
            TreeMap<BigInteger, Record> afterMark = during.getOrDefault(id, new TreeMap<>());
            TreeMap<BigInteger, Record> all = new TreeMap<>(before.getOrDefault(id, new TreeMap<>()));
            all.putAll(afterMark);
            // Sequence numbers grow within a shard: everything from the first record after the mark on is after it.
            BigInteger firstAfterMark = afterMark.isEmpty() ? null : afterMark.firstKey();
            for (Record record : all.values()) {
                records++;
                BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
                boolean isDuring = everythingDuring || (firstAfterMark != null && sequence.compareTo(firstAfterMark) >= 0);
                changes.add(change(scope(mark.streamArn(), id), rank.get(id), sequence, record, isDuring));
            }
        }
        return new Reading(changes, complete, records);
    }

    private static TreeMap<BigInteger, Record> byNumber(List<Record> records) {
        TreeMap<BigInteger, Record> map = new TreeMap<>();
        records.forEach(r -> map.put(new BigInteger(r.dynamodb().sequenceNumber()), r));
        return map;
    }

    /**
     * A shard from an iterator to its current end: empty when it cannot be read whole (the iterator expired, the
     * stretch was trimmed, or time ran short). DynamoDB Streams may answer an empty page before the end of a stretch
     * with no records in it, so one empty page is read past before taking it as the end.
     */
    private Optional<List<Record>> read(java.util.function.Supplier<String> start, LongSupplier remainingMillis) {
        List<Record> records = new ArrayList<>();
        try {
            String iterator = start.get();
            int emptyInARow = 0;
            while (iterator != null && emptyInARow < 2) {
                if (remainingMillis.getAsLong() < RESERVE_MILLIS) {
                    return Optional.empty();
                }
                String current = iterator;
                var page = streams.getRecords(b -> b.shardIterator(current).limit(PAGE));
                records.addAll(page.records());
                emptyInARow = page.records().isEmpty() ? emptyInARow + 1 : 0;
                iterator = page.nextShardIterator();
            }
            return Optional.of(records);
        } catch (ExpiredIteratorException | TrimmedDataAccessException | ResourceNotFoundException lost) {
            return Optional.empty();
        }
    }

    private String iterator(String arn, String shardId, Optional<BigInteger> after) {
        return streams.getShardIterator(b -> {
            b.streamArn(arn).shardId(shardId);
            after.ifPresentOrElse(
                    sequence -> b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(sequence.toString()),
                    () -> b.shardIteratorType(ShardIteratorType.TRIM_HORIZON));
        }).shardIterator();
    }

    /** The ids of the stream's shards now, parents before children. */
    public List<String> shardIds(String arn) {
        if (arn == null) {
            return List.of();
        }
        return shards(arn).stream().map(Shard::shardId).toList();
    }

    /** Every shard of the stream, parents before children (the order the stream handler applies them in). */
    private List<Shard> shards(String arn) {
        List<Shard> all = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            var description = streams.describeStream(b -> b.streamArn(arn).exclusiveStartShardId(from)).streamDescription();
            all.addAll(description.shards());
            start = description.lastEvaluatedShardId();
        } while (start != null);
        List<Shard> ordered = new ArrayList<>();
        Set<String> placed = new java.util.HashSet<>();
        while (ordered.size() < all.size()) {
            int before = ordered.size();
            for (Shard shard : all) {
                boolean parentPlaced = shard.parentShardId() == null || placed.contains(shard.parentShardId())
                        || all.stream().noneMatch(s -> s.shardId().equals(shard.parentShardId()));
                if (!placed.contains(shard.shardId()) && parentPlaced) {
                    ordered.add(shard);
                    placed.add(shard.shardId());
                }
            }
            if (ordered.size() == before) {
                break; // a cycle cannot happen; guard against looping on a malformed answer
            }
        }
        return ordered;
    }

    private volatile String streamArn;

    /** The table's current stream (null if it has none), looked up once per container. */
    String streamArn() {
        if (streamArn == null) {
            streamArn = dynamo.describeTable(b -> b.tableName(votesTable)).table().latestStreamArn();
        }
        return streamArn;
    }

    private static ItemChange change(String shard, int rank, BigInteger sequence, Record record, boolean during) {
        var data = record.dynamodb();
        Function<String, String> keys = text(data.keys());
        Optional<VotesTable.Vote> before = data.hasOldImage() ? VotesTable.vote(text(data.oldImage())) : Optional.empty();
        Optional<VotesTable.Vote> after = data.hasNewImage() ? VotesTable.vote(text(data.newImage())) : Optional.empty();
        boolean readable = switch (String.valueOf(record.eventNameAsString())) {
            case "INSERT" -> after.isPresent();
            case "MODIFY" -> before.isPresent() && after.isPresent();
            case "REMOVE" -> before.isPresent();
            default -> false;
        };
        return new ItemChange(shard, rank, sequence, VotesTable.item(keys), VotesTable.toolOfItem(keys), before, after,
                readable, during);
    }

    private static Function<String, String> text(Map<String, AttributeValue> image) {
        return name -> image != null && image.containsKey(name) ? image.get(name).s() : null;
    }
}
