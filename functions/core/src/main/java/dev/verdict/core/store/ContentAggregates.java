package dev.verdict.core.store;

import static dev.verdict.core.store.ContentItems.PK;
import static dev.verdict.core.store.ContentItems.REPAIRS;
import static dev.verdict.core.store.ContentItems.SEQUENCE;
import static dev.verdict.core.store.ContentItems.SHIP;
import static dev.verdict.core.store.ContentItems.SK;
import static dev.verdict.core.store.ContentItems.SKIP;
import static dev.verdict.core.store.ContentItems.STATE;
import static dev.verdict.core.store.ContentItems.TOOL_IDS;
import static dev.verdict.core.store.ContentItems.UPDATED_AT;
import static dev.verdict.core.store.ContentItems.VERSION;
import static dev.verdict.core.store.ContentItems.checkpointKey;
import static dev.verdict.core.store.ContentItems.communityKey;
import static dev.verdict.core.store.ContentItems.key;
import static dev.verdict.core.store.ContentItems.n;
import static dev.verdict.core.store.ContentItems.number;
import static dev.verdict.core.store.ContentItems.s;
import static dev.verdict.core.store.ContentItems.toolKey;

import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.PanelTallies;
import dev.verdict.core.domain.Review;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The aggregate side of the content table, used only by the aggregates functions (the votes stream handler and the
 * recompute, whose IAM statements in template.yaml allow these writes): stream checkpoints and the community deltas
 * they guard, the recompute's snapshot, repairs and corrections, and the recompute's own saved state.
 */
public final class ContentAggregates {

    /** DynamoDB's limit of 100 items per transaction, less the checkpoint. */
    public static final int MAX_DELTAS_PER_TRANSACTION = 99;

    private final DynamoDbClient dynamo;
    private final String tableName;

    public ContentAggregates(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    // ---- the votes stream handler ----

    /** The last sequence number of {@code shard} applied to the aggregates, read consistently; empty before the first. */
    public Optional<BigInteger> checkpoint(String shard) {
        var response = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(checkpointKey(shard))
                .consistentRead(true)
                .build());
        return response.hasItem() ? ContentItems.sequence(response.item()) : Optional.empty();
    }

    /**
     * Adds each tool's delta to its community aggregate and moves the shard's checkpoint from {@code expected} to
     * {@code through}, all or nothing, in one transaction conditioned on the checkpoint still being {@code expected}.
     * A batch applied before (or concurrently) therefore fails the condition instead of counting twice: the caller
     * gets a {@code TransactionCanceledException}, re-reads the checkpoint and skips what is already applied.
     * At most {@link #MAX_DELTAS_PER_TRANSACTION} deltas: a transaction takes 100 items and the checkpoint is one.
     */
    public void applyCommunityDeltas(String shard, Optional<BigInteger> expected, BigInteger through,
                                     Map<String, Counts> deltas, Instant now) {
        if (deltas.size() > MAX_DELTAS_PER_TRANSACTION) {
            throw new IllegalArgumentException("too many deltas for one transaction: " + deltas.size());
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> checkpoint = new HashMap<>(checkpointKey(shard));
        checkpoint.put(SEQUENCE, s(ContentItems.padded(through)));
        checkpoint.put(UPDATED_AT, s(now.toString()));
        Put.Builder put = Put.builder().tableName(tableName).item(checkpoint);
        expected.ifPresentOrElse(
                seen -> put.conditionExpression("#seq = :seen")
                        .expressionAttributeValues(Map.of(":seen", s(ContentItems.padded(seen))))
                        .expressionAttributeNames(Map.of("#seq", SEQUENCE)),
                () -> put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK)));
        writes.add(TransactWriteItem.builder().put(put.build()).build());
        deltas.forEach((toolId, delta) -> writes.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(communityKey(toolId))
                .updateExpression("ADD #ship :ship, #skip :skip, #version :one SET #at = :at")
                .expressionAttributeNames(Map.of("#ship", SHIP, "#skip", SKIP, "#at", UPDATED_AT, "#version", VERSION))
                .expressionAttributeValues(Map.of(":ship", n(delta.ship()), ":skip", n(delta.skip()), ":at", s(now.toString()),
                        ":one", n(1)))
                .build()).build()));
        dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
    }

    // ---- the recompute ----

    /** Which aggregate of a tool: the panel's (from reviews) or the community's (from votes). */
    public enum Aggregate { PANEL, COMMUNITY }

    /**
     * Every aggregate as stored and the panel as the reviews say it should be: one paginated scan of a small table.
     *
     * @param versions per aggregate, per tool: how many times it has been written (absent: never)
     */
    public record AggregateSnapshot(Set<String> toolIds, Map<String, Counts> panel, Map<String, Counts> community,
                                    Map<String, Counts> panelFromReviews, Map<Aggregate, Map<String, Long>> versions,
                                    Map<String, Instant> communityUpdatedAt, long itemsScanned) {

        /** How many times an aggregate of a tool has been written; 0 if never. */
        public long version(Aggregate aggregate, String toolId) {
            return versions.getOrDefault(aggregate, Map.of()).getOrDefault(toolId, 0L);
        }
    }

    public AggregateSnapshot aggregates() {
        Set<String> toolIds = new TreeSet<>();
        Map<String, Counts> panel = new HashMap<>();
        Map<String, Counts> community = new HashMap<>();
        List<Review> reviews = new ArrayList<>();
        Map<Aggregate, Map<String, Long>> versions = Map.of(Aggregate.PANEL, new HashMap<>(), Aggregate.COMMUNITY, new HashMap<>());
        Map<String, Instant> communityUpdatedAt = new HashMap<>();
        Map<String, AttributeValue> start = null;
        long scanned = 0;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(tableName);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                scanned++;
                String sk = item.get(SK).s();
                Optional<String> tool = ContentItems.toolOf(item.get(PK).s());
                if (tool.isPresent()) {
                    String toolId = tool.get();
                    switch (sk) {
                        case ContentItems.META -> toolIds.add(toolId);
                        case ContentItems.PANEL -> {
                            panel.put(toolId, ContentItems.counts(item));
                            versions.get(Aggregate.PANEL).put(toolId, number(item.get(VERSION)));
                        }
                        case ContentItems.COMMUNITY -> {
                            community.put(toolId, ContentItems.counts(item));
                            versions.get(Aggregate.COMMUNITY).put(toolId, number(item.get(VERSION)));
                            Optional.ofNullable(ContentItems.updatedAt(item)).ifPresent(at -> communityUpdatedAt.put(toolId, at));
                        }
                        default -> { }
                    }
                } else if (ContentItems.isReview(item)) {
                    ContentItems.toReview(item).ifPresent(reviews::add);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        Map<String, Counts> fromReviews = new HashMap<>();
        PanelTallies.byTool(reviews).forEach((toolId, tally) -> fromReviews.put(toolId, new Counts(tally.ship(), tally.skip())));
        return new AggregateSnapshot(toolIds, panel, community, fromReviews, versions, communityUpdatedAt, scanned);
    }

    /**
     * Sets an aggregate to its recount, only if it has not been written since the recompute read it ({@code seenVersion}):
     * a stream update that lands in between wins, and the next recompute looks again. Returns whether it was written.
     */
    public boolean repair(String toolId, Aggregate aggregate, long seenVersion, Counts recount, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":ship", n(recount.ship()), ":skip", n(recount.skip()),
                ":at", s(now.toString()), ":one", n(1)));
        String condition;
        if (seenVersion == 0) {
            condition = "attribute_not_exists(#version)";
        } else {
            condition = "#version = :seen";
            values.put(":seen", n(seenVersion));
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(toolKey(toolId), aggregate.name()))
                    .updateExpression("SET #ship = :ship, #skip = :skip, #at = :at ADD #version :one")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#ship", SHIP, "#skip", SKIP, "#at", UPDATED_AT, "#version", VERSION))
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException movedMeanwhile) {
            return false;
        }
    }

    /**
     * A tool's community aggregate read together with stream checkpoints.
     *
     * @param repairs     how many corrections the recompute has made to it (the condition of the next one)
     * @param checkpoints per shard scope: the last sequence number applied, empty if the shard has none yet
     */
    public record CommunityAtCheckpoints(Counts counts, long repairs, Map<String, Optional<BigInteger>> checkpoints) {
    }

    /**
     * The community aggregates of {@code toolIds}, each read in one transaction with the checkpoints of {@code shards}.
     * The stream handler moves a tool's counts and its shard's checkpoint in one transaction, and TransactGetItems is
     * serialisable with TransactWriteItems, so each tool's counts are exactly the deltas of the changes up to the
     * checkpoints returned beside them, whatever the stream does meanwhile. A transaction reads 100 items, so tools go
     * in batches of {@code 100 - shards}, each with the checkpoints again.
     */
    public Map<String, CommunityAtCheckpoints> communityAtCheckpoints(Collection<String> toolIds, List<String> shards) {
        int perBatch = 100 - shards.size();
        if (perBatch < 1) {
            throw new IllegalArgumentException("too many shards to read with an aggregate in one transaction: " + shards.size());
        }
        List<String> tools = List.copyOf(toolIds);
        Map<String, CommunityAtCheckpoints> read = new HashMap<>();
        for (int from = 0; from < tools.size(); from += perBatch) {
            List<String> batch = tools.subList(from, Math.min(tools.size(), from + perBatch));
            List<TransactGetItem> gets = new ArrayList<>();
            batch.forEach(tool -> gets.add(get(communityKey(tool))));
            shards.forEach(shard -> gets.add(get(checkpointKey(shard))));
            var responses = dynamo.transactGetItems(b -> b.transactItems(gets)).responses();
            Map<String, Optional<BigInteger>> checkpoints = new HashMap<>();
            for (int i = 0; i < shards.size(); i++) {
                checkpoints.put(shards.get(i), ContentItems.sequence(responses.get(batch.size() + i).item()));
            }
            for (int i = 0; i < batch.size(); i++) {
                Map<String, AttributeValue> item = responses.get(i).item();
                boolean present = item != null && !item.isEmpty();
                read.put(batch.get(i), new CommunityAtCheckpoints(present ? ContentItems.counts(item) : Counts.ZERO,
                        present ? number(item.get(REPAIRS)) : 0, Map.copyOf(checkpoints)));
            }
        }
        return read;
    }

    private TransactGetItem get(Map<String, AttributeValue> key) {
        return TransactGetItem.builder().get(g -> g.tableName(tableName).key(key)).build();
    }

    /**
     * Adds {@code correction} to a tool's community aggregate, if no other correction was made since the recompute
     * read it ({@code seenRepairs}). An addition, not an assignment: the stream handler's deltas that land between the
     * read and this write are kept, and drift (the aggregate less the truth of the changes it has applied) is the same
     * before and after them. Returns whether it was written.
     */
    public boolean correctCommunity(String toolId, Counts correction, long seenRepairs, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":ship", n(correction.ship()), ":skip", n(correction.skip()),
                ":at", s(now.toString()), ":one", n(1)));
        if (seenRepairs != 0) {
            values.put(":seen", n(seenRepairs));
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(communityKey(toolId))
                    .updateExpression("ADD #ship :ship, #skip :skip, #version :one, #repairs :one SET #at = :at")
                    .conditionExpression(seenRepairs == 0 ? "attribute_not_exists(#repairs)" : "#repairs = :seen")
                    .expressionAttributeNames(Map.of("#ship", SHIP, "#skip", SKIP, "#at", UPDATED_AT, "#version", VERSION,
                            "#repairs", REPAIRS))
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException anotherRecomputeWasFirst) {
            return false;
        }
    }

    /** Tools the next recompute should keep item by item (those it could not settle last time). */
    public Set<String> recomputeWatchList() {
        var response = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                .key(ContentItems.recomputeWatchKey()).consistentRead(true).build());
        return response.hasItem() ? new TreeSet<>(ContentItems.strings(response.item().get(TOOL_IDS))) : Set.of();
    }

    public void saveRecomputeWatchList(Set<String> toolIds) {
        Map<String, AttributeValue> item = new HashMap<>(ContentItems.recomputeWatchKey());
        item.put(TOOL_IDS, ContentItems.list(List.copyOf(new TreeSet<>(toolIds))));
        dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }

    /** The saved state of an unfinished recompute, if any. */
    public Optional<String> recomputeCursor() {
        var response = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                .key(ContentItems.recomputeCursorKey()).consistentRead(true).build());
        return response.hasItem() && response.item().containsKey(STATE)
                ? Optional.of(response.item().get(STATE).s()) : Optional.empty();
    }

    public void saveRecomputeCursor(String state) {
        Map<String, AttributeValue> item = new HashMap<>(ContentItems.recomputeCursorKey());
        item.put(STATE, s(state));
        dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }

    public void clearRecomputeCursor() {
        dynamo.deleteItem(DeleteItemRequest.builder().tableName(tableName).key(ContentItems.recomputeCursorKey()).build());
    }
}
