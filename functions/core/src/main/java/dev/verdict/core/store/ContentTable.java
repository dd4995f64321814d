package dev.verdict.core.store;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.ComparisonView;
import dev.verdict.core.domain.Page;
import dev.verdict.core.domain.Pricing;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Reviewer;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import dev.verdict.core.domain.ToolStanding;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.signing.CursorCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The content table: the only class that knows its key shapes and attribute names.
 *
 * <pre>
 * pk                   sk              what
 * COMPARISON#{slug}    META            title, question, category, publishedAt, tools; listed through two indexes
 * COMPARISON#{slug}    REVIEW#{n}      one panel review (n keeps the catalogue's order)
 * TOOL#{id}            META            the tool, its pricing and the slugs of its comparisons
 * TOOL#{id}            PANEL           panel aggregate: ship, skip (written by the content loader from the reviews)
 * TOOL#{id}            COMMUNITY       community aggregate: ship, skip (written by the votes stream handler)
 * CHECKPOINT#{shard}   STREAM          last stream sequence number applied to the aggregates (sequence)
 * RECOMPUTE            CURSOR          where an unfinished recompute resumes (state, opaque to this class)
 * RECOMPUTE            WATCH           tools the next recompute keeps item by item (toolIds)
 * </pre>
 *
 * A comparison read is one Query on its partition (meta and reviews) plus one BatchGetItem for its tools' META, PANEL
 * and COMMUNITY items: two requests whatever the number of reviews.
 */
public final class ContentTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String BY_PUBLISHED_INDEX = "byPublished";
    public static final String BY_CATEGORY_INDEX = "byCategory";
    static final String LIST_PK = "listPk";
    static final String LIST_SK = "listSk";
    static final String CATEGORY_PK = "categoryPk";
    static final String ALL_COMPARISONS = "COMPARISON";

    public static final String META = "META";
    public static final String PANEL = "PANEL";
    public static final String COMMUNITY = "COMMUNITY";
    public static final String SHIP = "ship";
    public static final String SKIP = "skip";
    public static final String UPDATED_AT = "updatedAt";
    static final String STREAM = "STREAM";
    /**
     * Bumped by every write to an aggregate (stream deltas and repairs), so the recompute can tell "unchanged" from
     * "changed and changed back" while it looks.
     */
    static final String VERSION = "version";
    /** Bumped only by the recompute's corrections, so two recomputes never apply the same correction twice. */
    static final String REPAIRS = "repairs";
    static final String SEQUENCE = "sequence";
    static final String STATE = "state";
    static final String TOOL_IDS = "toolIds";
    /**
     * Stream sequence numbers are decimal strings of varying length (up to 40 digits); zero-padded to a fixed width
     * they compare as strings in numeric order, which is what the checkpoint's condition needs.
     */
    private static final int SEQUENCE_WIDTH = 48;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final CursorCodec cursors;

    public ContentTable(DynamoDbClient dynamo, String tableName, CursorCodec cursors) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.cursors = cursors;
    }

    public String tableName() {
        return tableName;
    }

    public static String comparisonKey(String slug) {
        return "COMPARISON#" + slug;
    }

    public static String toolKey(String toolId) {
        return "TOOL#" + toolId;
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    /** The key of a tool's community aggregate, which the stream handler and the recompute update. */
    public static Map<String, AttributeValue> communityKey(String toolId) {
        return key(toolKey(toolId), COMMUNITY);
    }

    // ---- reads ----

    public Optional<ComparisonView> findComparison(String slug) {
        QueryResponse partition = dynamo.query(QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", s(comparisonKey(slug))))
                .build());
        Map<String, AttributeValue> meta = null;
        List<Map<String, AttributeValue>> reviewItems = new ArrayList<>();
        for (Map<String, AttributeValue> item : partition.items()) {
            if (META.equals(item.get(SK).s())) {
                meta = item;
            } else {
                reviewItems.add(item);
            }
        }
        if (meta == null) {
            return Optional.empty();
        }
        reviewItems.sort(Comparator.comparing(item -> item.get(SK).s()));
        Comparison comparison = toComparison(meta, reviewItems.stream().map(ContentTable::toReview).toList());
        Map<String, ToolStanding> standings = standings(comparison.toolIds());
        List<ToolStanding> tools = comparison.toolIds().stream().map(standings::get).toList();
        if (tools.contains(null)) {
            throw new IllegalStateException("comparison " + slug + " names a tool that is not in the table");
        }
        Instant updatedAt = tools.stream().map(ToolStanding::updatedAt).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder())
                .filter(at -> at.isAfter(comparison.publishedAt())).orElse(comparison.publishedAt());
        return Optional.of(new ComparisonView(comparison, tools, updatedAt));
    }

    public Optional<ToolStanding> findTool(String toolId) {
        return Optional.ofNullable(standings(List.of(toolId)).get(toolId));
    }

    /** META, PANEL and COMMUNITY of each tool in one BatchGetItem (retrying only what DynamoDB left unprocessed). */
    private Map<String, ToolStanding> standings(List<String> toolIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String toolId : toolIds) {
            for (String sk : List.of(META, PANEL, COMMUNITY)) {
                keys.add(key(toolKey(toolId), sk));
            }
        }
        Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder().keys(keys).build());
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        while (!request.isEmpty()) {
            BatchGetItemResponse response = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
            items.addAll(response.responses().getOrDefault(tableName, List.of()));
            request = response.unprocessedKeys();
        }
        Map<String, Map<String, Map<String, AttributeValue>>> byTool = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            byTool.computeIfAbsent(item.get(PK).s(), k -> new HashMap<>()).put(item.get(SK).s(), item);
        }
        Map<String, ToolStanding> standings = new LinkedHashMap<>();
        for (String toolId : toolIds) {
            Map<String, Map<String, AttributeValue>> found = byTool.getOrDefault(toolKey(toolId), Map.of());
            Map<String, AttributeValue> meta = found.get(META);
            if (meta != null) {
                Map<String, AttributeValue> panel = found.get(PANEL);
                Map<String, AttributeValue> community = found.get(COMMUNITY);
                Instant updatedAt = later(instant(panel), instant(community));
                standings.put(toolId, new ToolStanding(toTool(meta), tally(panel), tally(community), updatedAt));
            }
        }
        return standings;
    }

    /** Newest first; {@code category} narrows the listing to one category. */
    public Page<ComparisonSummary> listComparisons(Optional<String> category, int limit, Optional<String> cursor) {
        if (cursors == null) {
            throw new IllegalStateException("this function has no signing key, so it cannot page through comparisons");
        }
        String scope = category.map(c -> "category:" + c).orElse("all");
        Optional<String> position = cursor.map(c -> cursors.decode(scope, c)
                .orElseThrow(() -> new InvalidCursorException()));
        String index = category.isPresent() ? BY_CATEGORY_INDEX : BY_PUBLISHED_INDEX;
        String partitionAttribute = category.isPresent() ? CATEGORY_PK : LIST_PK;
        AttributeValue partition = s(category.orElse(ALL_COMPARISONS));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(tableName)
                .indexName(index)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", partitionAttribute))
                .expressionAttributeValues(Map.of(":p", partition))
                .scanIndexForward(false)
                // One more than asked, so we know whether a next page exists without an empty last page.
                .limit(limit + 1);
        position.ifPresent(p -> {
            String slug = p.substring(p.indexOf('#') + 1);
            Map<String, AttributeValue> start = new HashMap<>(key(comparisonKey(slug), META));
            start.put(partitionAttribute, partition);
            start.put(LIST_SK, s(p));
            query.exclusiveStartKey(start);
        });
        List<Map<String, AttributeValue>> items = dynamo.query(query.build()).items();
        List<ComparisonSummary> page = items.stream().limit(limit).map(ContentTable::toSummary).toList();
        Optional<String> next = items.size() > limit
                ? Optional.of(cursors.encode(scope, items.get(limit - 1).get(LIST_SK).s()))
                : Optional.empty();
        return new Page<>(page, next);
    }

    /** Thrown when a listing cursor was not issued by us for this listing. */
    public static final class InvalidCursorException extends RuntimeException {
        InvalidCursorException() {
            super("cursor was not issued for this listing", null, false, false);
        }
    }

    /** The tools a comparison sets side by side (one GetItem reading one attribute), or empty if there is no such comparison. */
    public Optional<List<String>> comparisonToolIds(String slug) {
        var response = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(key(comparisonKey(slug), META))
                .projectionExpression("#t")
                .expressionAttributeNames(Map.of("#t", TOOL_IDS))
                .build());
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(strings(response.item().get(TOOL_IDS))) : Optional.empty();
    }

    // ---- aggregates (the votes stream handler and the recompute) ----

    /** The last sequence number of {@code shard} applied to the aggregates, read consistently; empty before the first. */
    public Optional<java.math.BigInteger> checkpoint(String shard) {
        var response = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(key("CHECKPOINT#" + shard, STREAM))
                .consistentRead(true)
                .build());
        return response.hasItem() && response.item().containsKey(SEQUENCE)
                ? Optional.of(new java.math.BigInteger(response.item().get(SEQUENCE).s())) : Optional.empty();
    }

    /**
     * Adds each tool's delta to its community aggregate and moves the shard's checkpoint from {@code expected} to
     * {@code through}, all or nothing, in one transaction conditioned on the checkpoint still being {@code expected}.
     * A batch applied before (or concurrently) therefore fails the condition instead of counting twice: the caller
     * gets a {@code TransactionCanceledException}, re-reads the checkpoint and skips what is already applied.
     * At most {@link #MAX_DELTAS_PER_TRANSACTION} deltas: a transaction takes 100 items and the checkpoint is one.
     */
    public void applyCommunityDeltas(String shard, Optional<java.math.BigInteger> expected, java.math.BigInteger through,
                                     Map<String, Counts> deltas, Instant now) {
        if (deltas.size() > MAX_DELTAS_PER_TRANSACTION) {
            throw new IllegalArgumentException("too many deltas for one transaction: " + deltas.size());
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> checkpoint = new HashMap<>(key("CHECKPOINT#" + shard, STREAM));
        checkpoint.put(SEQUENCE, s(padded(through)));
        checkpoint.put(UPDATED_AT, s(now.toString()));
        Put.Builder put = Put.builder().tableName(tableName).item(checkpoint);
        expected.ifPresentOrElse(
                seen -> put.conditionExpression("#seq = :seen").expressionAttributeValues(Map.of(":seen", s(padded(seen))))
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

    /** DynamoDB's limit of 100 items per transaction, less the checkpoint. */
    public static final int MAX_DELTAS_PER_TRANSACTION = 99;

    static String padded(java.math.BigInteger sequence) {
        String digits = sequence.toString();
        return "0".repeat(Math.max(0, SEQUENCE_WIDTH - digits.length())) + digits;
    }

    /** Every aggregate as stored and the panel as the reviews say it should be: one paginated scan of a small table. */
    public record AggregateSnapshot(java.util.Set<String> toolIds, Map<String, Counts> panel, Map<String, Counts> community,
                                    Map<String, Counts> panelFromReviews, Map<String, Long> versions,
                                    Map<String, Instant> communityUpdatedAt, long itemsScanned) {

        /** How many times an aggregate ("PANEL" or "COMMUNITY") of a tool has been written; 0 if never. */
        public long version(Aggregate aggregate, String toolId) {
            return versions.getOrDefault(aggregate.name() + "|" + toolId, 0L);
        }
    }

    public AggregateSnapshot aggregates() {
        java.util.Set<String> toolIds = new java.util.TreeSet<>();
        Map<String, Counts> panel = new HashMap<>();
        Map<String, Counts> community = new HashMap<>();
        Map<String, Counts> fromReviews = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
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
                String pk = item.get(PK).s();
                String sk = item.get(SK).s();
                if (pk.startsWith("TOOL#")) {
                    String toolId = pk.substring("TOOL#".length());
                    switch (sk) {
                        case META -> toolIds.add(toolId);
                        case PANEL -> {
                            panel.put(toolId, counts(item));
                            versions.put(PANEL + "|" + toolId, number(item.get(VERSION)));
                        }
                        case COMMUNITY -> {
                            community.put(toolId, counts(item));
                            versions.put(COMMUNITY + "|" + toolId, number(item.get(VERSION)));
                            Optional.ofNullable(instant(item)).ifPresent(at -> communityUpdatedAt.put(toolId, at));
                        }
                        default -> { }
                    }
                } else if (pk.startsWith("COMPARISON#") && sk.startsWith("REVIEW#")) {
                    Verdict.parse(item.get("verdict").s()).ifPresent(verdict ->
                            fromReviews.merge(item.get("toolId").s(), Counts.one(verdict), Counts::plus));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new AggregateSnapshot(toolIds, panel, community, fromReviews, versions, communityUpdatedAt, scanned);
    }

    /** Which aggregate of a tool: the panel's (from reviews) or the community's (from votes). */
    public enum Aggregate { PANEL, COMMUNITY }

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
    public record CommunityAtCheckpoints(Counts counts, long repairs, Map<String, Optional<java.math.BigInteger>> checkpoints) {
    }

    /**
     * The community aggregates of {@code toolIds}, each read in one transaction with the checkpoints of {@code shards}.
     * The stream handler moves a tool's counts and its shard's checkpoint in one transaction, and TransactGetItems is
     * serialisable with TransactWriteItems, so each tool's counts are exactly the deltas of the changes up to the
     * checkpoints returned beside them, whatever the stream does meanwhile. A transaction reads 100 items, so tools go
     * in batches of {@code 100 - shards}, each with the checkpoints again.
     */
    public Map<String, CommunityAtCheckpoints> communityAtCheckpoints(java.util.Collection<String> toolIds, List<String> shards) {
        int perBatch = 100 - shards.size();
        if (perBatch < 1) {
            throw new IllegalArgumentException("too many shards to read with an aggregate in one transaction: " + shards.size());
        }
        List<String> tools = List.copyOf(toolIds);
        Map<String, CommunityAtCheckpoints> read = new HashMap<>();
        for (int from = 0; from < tools.size(); from += perBatch) {
            List<String> batch = tools.subList(from, Math.min(tools.size(), from + perBatch));
            List<software.amazon.awssdk.services.dynamodb.model.TransactGetItem> gets = new ArrayList<>();
            batch.forEach(tool -> gets.add(get(communityKey(tool))));
            shards.forEach(shard -> gets.add(get(key("CHECKPOINT#" + shard, STREAM))));
            var responses = dynamo.transactGetItems(b -> b.transactItems(gets)).responses();
            Map<String, Optional<java.math.BigInteger>> checkpoints = new HashMap<>();
            for (int i = 0; i < shards.size(); i++) {
                Map<String, AttributeValue> item = responses.get(batch.size() + i).item();
                checkpoints.put(shards.get(i), item == null || !item.containsKey(SEQUENCE) ? Optional.empty()
                        : Optional.of(new java.math.BigInteger(item.get(SEQUENCE).s())));
            }
            for (int i = 0; i < batch.size(); i++) {
                Map<String, AttributeValue> item = responses.get(i).item();
                boolean present = item != null && !item.isEmpty();
                read.put(batch.get(i), new CommunityAtCheckpoints(present ? counts(item) : Counts.ZERO,
                        present ? number(item.get(REPAIRS)) : 0, Map.copyOf(checkpoints)));
            }
        }
        return read;
    }

    private software.amazon.awssdk.services.dynamodb.model.TransactGetItem get(Map<String, AttributeValue> key) {
        return software.amazon.awssdk.services.dynamodb.model.TransactGetItem.builder()
                .get(g -> g.tableName(tableName).key(key)).build();
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
    public java.util.Set<String> recomputeWatchList() {
        var response = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                .key(key("RECOMPUTE", "WATCH")).consistentRead(true).build());
        return response.hasItem() ? new java.util.TreeSet<>(strings(response.item().get(TOOL_IDS))) : java.util.Set.of();
    }

    public void saveRecomputeWatchList(java.util.Set<String> toolIds) {
        Map<String, AttributeValue> item = new HashMap<>(key("RECOMPUTE", "WATCH"));
        item.put(TOOL_IDS, list(List.copyOf(new java.util.TreeSet<>(toolIds))));
        dynamo.putItem(software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder()
                .tableName(tableName).item(item).build());
    }

    /** The saved state of an unfinished recompute, if any. */
    public Optional<String> recomputeCursor() {
        var response = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                .key(key("RECOMPUTE", "CURSOR")).consistentRead(true).build());
        return response.hasItem() && response.item().containsKey(STATE)
                ? Optional.of(response.item().get(STATE).s()) : Optional.empty();
    }

    public void saveRecomputeCursor(String state) {
        Map<String, AttributeValue> item = new HashMap<>(key("RECOMPUTE", "CURSOR"));
        item.put(STATE, s(state));
        dynamo.putItem(software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder()
                .tableName(tableName).item(item).build());
    }

    public void clearRecomputeCursor() {
        dynamo.deleteItem(software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest.builder()
                .tableName(tableName).key(key("RECOMPUTE", "CURSOR")).build());
    }

    private static Counts counts(Map<String, AttributeValue> item) {
        return new Counts(number(item.get(SHIP)), number(item.get(SKIP)));
    }

    // ---- writes (the content loader) ----

    /** Every item that represents the catalogue, ready for {@link #putAll}. Panel aggregates are derived here. */
    public List<Map<String, AttributeValue>> catalogueItems(List<Tool> tools, List<Comparison> comparisons) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, Tally> panel = new LinkedHashMap<>();
        Map<String, Instant> panelUpdatedAt = new HashMap<>();
        for (Tool tool : tools) {
            items.add(toolItem(tool));
            panel.put(tool.id(), Tally.EMPTY);
        }
        for (Comparison comparison : comparisons) {
            Map<String, String> names = new LinkedHashMap<>();
            tools.stream().filter(t -> comparison.toolIds().contains(t.id())).forEach(t -> names.put(t.id(), t.name()));
            items.add(comparisonItem(comparison, names));
            int position = 0;
            for (Review review : comparison.reviews()) {
                items.add(reviewItem(comparison.slug(), position++, review));
                panel.merge(review.toolId(), Tally.EMPTY.plus(review.verdict()),
                        (a, b) -> new Tally(a.ship() + b.ship(), a.skip() + b.skip()));
                panelUpdatedAt.merge(review.toolId(), comparison.publishedAt(), ContentTable::later);
            }
        }
        panel.forEach((toolId, tally) -> {
            Map<String, AttributeValue> item = new HashMap<>(key(toolKey(toolId), PANEL));
            item.put(SHIP, n(tally.ship()));
            item.put(SKIP, n(tally.skip()));
            Optional.ofNullable(panelUpdatedAt.get(toolId)).ifPresent(at -> item.put(UPDATED_AT, s(at.toString())));
            items.add(item);
        });
        return items;
    }

    /** Writes items 25 at a time (BatchWriteItem's limit), resending whatever DynamoDB reports unprocessed. */
    public void putAll(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(from + 25, items.size())).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(tableName, batch);
            while (!pending.isEmpty()) {
                pending = dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build()).unprocessedItems();
            }
        }
    }

    private static Map<String, AttributeValue> toolItem(Tool tool) {
        Map<String, AttributeValue> item = new HashMap<>(key(toolKey(tool.id()), META));
        item.put("id", s(tool.id()));
        item.put("name", s(tool.name()));
        item.put("vendor", s(tool.vendor()));
        item.put("category", s(tool.category()));
        item.put("tagline", s(tool.tagline()));
        item.put("description", s(tool.description()));
        item.put("pricingEntry", s(tool.pricing().entry()));
        item.put("pricingModel", s(tool.pricing().model()));
        item.put("pricingNotes", s(tool.pricing().notes()));
        item.put("comparisons", list(tool.comparisons()));
        return item;
    }

    private static Map<String, AttributeValue> comparisonItem(Comparison comparison, Map<String, String> toolNames) {
        Map<String, AttributeValue> item = new HashMap<>(key(comparisonKey(comparison.slug()), META));
        String published = comparison.publishedAt().toString();
        item.put("slug", s(comparison.slug()));
        item.put("title", s(comparison.title()));
        item.put("question", s(comparison.question()));
        item.put("category", s(comparison.category()));
        item.put("publishedAt", s(published));
        item.put("toolIds", list(comparison.toolIds()));
        item.put("toolNames", AttributeValue.fromL(comparison.toolIds().stream().map(id -> s(toolNames.get(id))).toList()));
        item.put(LIST_PK, s(ALL_COMPARISONS));
        item.put(CATEGORY_PK, s(comparison.category()));
        // ISO-8601 instants in UTC sort as text in time order; the slug breaks ties and makes the key unique.
        item.put(LIST_SK, s(published + "#" + comparison.slug()));
        return item;
    }

    private static Map<String, AttributeValue> reviewItem(String slug, int position, Review review) {
        Map<String, AttributeValue> item = new HashMap<>(key(comparisonKey(slug), "REVIEW#%04d".formatted(position)));
        item.put("reviewerId", s(review.reviewer().id()));
        item.put("reviewerName", s(review.reviewer().name()));
        item.put("reviewerRole", s(review.reviewer().role()));
        item.put("toolId", s(review.toolId()));
        item.put("verdict", s(review.verdict().wire()));
        item.put("quote", s(review.quote()));
        return item;
    }

    // ---- item → record ----

    private static Comparison toComparison(Map<String, AttributeValue> item, List<Review> reviews) {
        return new Comparison(item.get("slug").s(), item.get("title").s(), item.get("question").s(),
                item.get("category").s(), Instant.parse(item.get("publishedAt").s()), strings(item.get("toolIds")), reviews);
    }

    private static Review toReview(Map<String, AttributeValue> item) {
        return new Review(
                new Reviewer(item.get("reviewerId").s(), item.get("reviewerName").s(), item.get("reviewerRole").s()),
                item.get("toolId").s(),
                Verdict.parse(item.get("verdict").s()).orElseThrow(),
                item.get("quote").s());
    }

    private static Tool toTool(Map<String, AttributeValue> item) {
        return new Tool(item.get("id").s(), item.get("name").s(), item.get("vendor").s(), item.get("category").s(),
                item.get("tagline").s(), item.get("description").s(),
                new Pricing(item.get("pricingEntry").s(), item.get("pricingModel").s(), item.get("pricingNotes").s()),
                strings(item.get("comparisons")));
    }

    private static ComparisonSummary toSummary(Map<String, AttributeValue> item) {
        List<String> ids = strings(item.get("toolIds"));
        List<String> names = strings(item.get("toolNames"));
        List<ComparisonSummary.ToolRef> tools = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            tools.add(new ComparisonSummary.ToolRef(ids.get(i), names.get(i)));
        }
        return new ComparisonSummary(item.get("slug").s(), item.get("title").s(), item.get("category").s(), tools,
                Instant.parse(item.get("publishedAt").s()));
    }

    public static Tally tally(Map<String, AttributeValue> item) {
        if (item == null) {
            return Tally.EMPTY;
        }
        // A count below zero can only be drift (a retraction of a vote the aggregate never saw); the recompute
        // repairs it, and until then the page shows zero rather than failing.
        return new Tally(Math.max(0, number(item.get(SHIP))), Math.max(0, number(item.get(SKIP))));
    }

    private static long number(AttributeValue value) {
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item) {
        return item == null || !item.containsKey(UPDATED_AT) ? null : Instant.parse(item.get(UPDATED_AT).s());
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static List<String> strings(AttributeValue value) {
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    private static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(ContentTable::s).toList());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
