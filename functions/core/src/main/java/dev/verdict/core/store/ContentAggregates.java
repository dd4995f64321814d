package dev.verdict.core.store;

import static dev.verdict.core.store.ContentItems.EXPIRES_AT;
import static dev.verdict.core.store.ContentItems.NAME;
import static dev.verdict.core.store.ContentItems.PK;
import static dev.verdict.core.store.ContentItems.RANK_SK;
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
import dev.verdict.core.domain.RankKey;
import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Review;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
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
    /**
     * An hour's bucket is split into items of at most this many tools: one update expression per item adds two
     * numbers per tool, and long expressions are what the local engine's parser cannot take (it recurses per term).
     * Any tool may land in any part of its hour; a reader sums the hour's partition.
     */
    public static final int TOOLS_PER_BUCKET_ITEM = 16;
    /** An hourly bucket is read for a day after its hour; it expires (TTL) two hours after that. */
    static final java.time.Duration BUCKET_LIFETIME = java.time.Duration.ofHours(26);

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
     * What the stream handler must know of a tool's community aggregate before it writes a delta.
     *
     * @param version how many times it has been written (0: never); the delta's write is conditioned on it
     * @param name    the tool's name as the loader placed it (the id until then), for the rank key
     */
    public record Seen(Counts counts, long version, String name) {
        public static Seen none(String toolId) {
            return new Seen(Counts.ZERO, 0, toolId);
        }
    }

    /** The community aggregates of {@code toolIds}, read consistently in one BatchGetItem (100 keys at most). */
    public Map<String, Seen> seen(Collection<String> toolIds) {
        Map<String, Seen> seen = new HashMap<>();
        toolIds.forEach(tool -> seen.put(tool, Seen.none(tool)));
        if (toolIds.isEmpty()) {
            return seen;
        }
        Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder()
                .keys(toolIds.stream().map(ContentItems::communityKey).toList()).consistentRead(true).build());
        while (!request.isEmpty()) {
            var response = dynamo.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(tableName, List.of())) {
                String tool = ContentItems.toolOf(item.get(PK).s()).orElseThrow();
                seen.put(tool, new Seen(ContentItems.counts(item), number(item.get(VERSION)),
                        item.containsKey(NAME) ? item.get(NAME).s() : tool));
            }
            request = response.unprocessedKeys();
        }
        return seen;
    }

    /**
     * Adds each tool's delta to its community aggregate, moves its rank key to where its new counts belong, adds the
     * ship votes to the hourly buckets, and moves the shard's checkpoint from {@code expected} to {@code through}: all or
     * nothing, in one transaction. Its conditions make it exactly once. The checkpoint must still be {@code expected},
     * so a batch applied before (or concurrently) fails instead of counting twice. Each aggregate must still be at the
     * version the caller read ({@code seen}), so the counts it adds to are the counts the rank key was computed from
     * ({@code seen + delta}): a recompute correction or another shard's delta in between fails the transaction rather
     * than leaving a key that does not match the counts. On failure the caller gets a
     * {@code TransactionCanceledException}, re-reads both and skips what is already applied.
     * At most {@link #MAX_DELTAS_PER_TRANSACTION} items beside the checkpoint: deltas and buckets together.
     *
     * @param buckets per hour, per tool, the change in ship votes and votes cast in that hour (ship, skip)
     */
    public void applyCommunityDeltas(String shard, Optional<BigInteger> expected, BigInteger through,
                                     Map<String, Counts> deltas, Map<String, Seen> seen,
                                     Map<Instant, Map<String, Counts>> buckets, Instant now) {
        Map<Instant, Set<String>> bucketTools = new HashMap<>();
        buckets.forEach((hour, byTool) -> bucketTools.put(hour, byTool.keySet()));
        if (itemsWritten(deltas.keySet(), bucketTools) > MAX_DELTAS_PER_TRANSACTION) {
            throw new IllegalArgumentException("too many items for one transaction: " + deltas.size() + " tools, "
                    + buckets.size() + " hours");
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<String, AttributeValue> checkpoint = new HashMap<>(checkpointKey(shard));
        checkpoint.put(SEQUENCE, s(ContentItems.padded(through)));
        checkpoint.put(UPDATED_AT, s(now.toString()));
        Put.Builder put = Put.builder().tableName(tableName).item(checkpoint);
        expected.ifPresentOrElse(
                previous -> put.conditionExpression("#seq = :seen")
                        .expressionAttributeValues(Map.of(":seen", s(ContentItems.padded(previous))))
                        .expressionAttributeNames(Map.of("#seq", SEQUENCE)),
                () -> put.conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", PK)));
        writes.add(TransactWriteItem.builder().put(put.build()).build());
        deltas.forEach((toolId, delta) -> {
            Seen before = seen.getOrDefault(toolId, Seen.none(toolId));
            Counts after = before.counts().plus(delta);
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":ship", n(delta.ship()), ":skip", n(delta.skip()),
                    ":at", s(now.toString()), ":one", n(1),
                    ":rank", s(RankKey.of(ContentItems.shown(after), before.name(), toolId))));
            if (before.version() != 0) {
                values.put(":version", n(before.version()));
            }
            writes.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(tableName)
                    .key(communityKey(toolId))
                    .updateExpression("ADD #ship :ship, #skip :skip, #version :one SET #at = :at, #rank = :rank")
                    .conditionExpression(before.version() == 0 ? "attribute_not_exists(#version)" : "#version = :version")
                    .expressionAttributeNames(Map.of("#ship", SHIP, "#skip", SKIP, "#at", UPDATED_AT, "#version", VERSION,
                            "#rank", RANK_SK))
                    .expressionAttributeValues(values)
                    .build()).build());
        });
        buckets.forEach((hour, byTool) -> {
            List<String> tools = List.copyOf(new TreeSet<>(byTool.keySet()));
            for (int part = 0; part * TOOLS_PER_BUCKET_ITEM < tools.size(); part++) {
                Map<String, Counts> some = new HashMap<>();
                tools.subList(part * TOOLS_PER_BUCKET_ITEM, Math.min(tools.size(), (part + 1) * TOOLS_PER_BUCKET_ITEM))
                        .forEach(tool -> some.put(tool, byTool.get(tool)));
                writes.add(TransactWriteItem.builder().update(bucketUpdate(hour, part, some)).build());
            }
        });
        dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
    }

    /**
     * The items a transaction of these deltas writes beside the checkpoint: one per tool, and per hour one bucket item
     * per {@link #TOOLS_PER_BUCKET_ITEM} tools.
     */
    public static int itemsWritten(Set<String> tools, Map<Instant, Set<String>> bucketTools) {
        int buckets = bucketTools.values().stream()
                .mapToInt(inHour -> (inHour.size() + TOOLS_PER_BUCKET_ITEM - 1) / TOOLS_PER_BUCKET_ITEM).sum();
        return tools.size() + buckets;
    }

    /** Ship votes and votes per tool added to one part of an hour's bucket, which expires a little over a day after its hour. */
    private Update bucketUpdate(Instant hour, int part, Map<String, Counts> byTool) {
        Map<String, String> names = new HashMap<>(Map.of("#expires", EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":expires",
                n(hour.truncatedTo(ChronoUnit.HOURS).plus(BUCKET_LIFETIME).getEpochSecond())));
        List<String> adds = new ArrayList<>();
        int i = 0;
        for (var entry : new java.util.TreeMap<>(byTool).entrySet()) {
            names.put("#s" + i, ContentItems.bucketShip(entry.getKey()));
            names.put("#n" + i, ContentItems.bucketVotes(entry.getKey()));
            values.put(":s" + i, n(entry.getValue().ship()));
            values.put(":n" + i, n(entry.getValue().ship() + entry.getValue().skip()));
            adds.add("#s" + i + " :s" + i + ", #n" + i + " :n" + i);
            i++;
        }
        return Update.builder().tableName(tableName).key(ContentItems.bucketKey(hour, part))
                .updateExpression("ADD " + String.join(", ", adds) + " SET #expires = :expires")
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
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

    // ---- rankings: the recompute's repairs ----

    /** What {@link #repairRanks} did: rank keys moved (panel and community), trending places rewritten, and conflicts. */
    public record RankRepairs(int ranksRepaired, int trendingWritten, int unsettled) {
    }

    /**
     * Puts every tool's panel and community items where their counts, name and category say they belong, and rewrites
     * each tool's trending place from the last 24 hourly buckets. A panel or community fix is conditioned on the
     * aggregate's version being the one read, so the key always matches the counts it was computed from; a write
     * meanwhile wins, and the next run looks again. One scan of the content table and one BatchGetItem of the buckets.
     */
    public RankRepairs repairRanks(Instant now) {
        Map<String, Map<String, Map<String, AttributeValue>>> byTool = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(tableName).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(request.build());
            for (Map<String, AttributeValue> item : page.items()) {
                ContentItems.toolOf(item.get(PK).s()).ifPresent(tool ->
                        byTool.computeIfAbsent(tool, t -> new HashMap<>()).put(item.get(SK).s(), item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        Map<String, Counts> day = lastDay(now);
        int ranks = 0, trending = 0, unsettled = 0;
        for (var entry : new java.util.TreeMap<>(byTool).entrySet()) {
            Map<String, AttributeValue> meta = entry.getValue().get(ContentItems.META);
            if (meta == null) {
                continue; // not a catalogue tool: it has no name or category to rank under
            }
            var tool = ContentItems.toTool(meta);
            for (RankingOrder by : List.of(RankingOrder.PANEL, RankingOrder.COMMUNITY)) {
                Map<String, AttributeValue> item = entry.getValue().getOrDefault(by.name(), Map.of());
                Tally counts = ContentItems.shown(ContentItems.counts(item));
                Map<String, AttributeValue> placed = new HashMap<>(ContentItems.rankPlacement(by, tool));
                placed.put(RANK_SK, s(RankKey.of(counts, tool.name(), tool.id())));
                if (placed.entrySet().stream().allMatch(e -> e.getValue().equals(item.get(e.getKey())))) {
                    continue;
                }
                if (place(ContentItems.rankedKey(by, tool.id()), placed, number(item.get(VERSION)))) {
                    ranks++;
                } else {
                    unsettled++;
                }
            }
            Map<String, AttributeValue> trendingItem = entry.getValue().getOrDefault(ContentItems.TRENDING, Map.of());
            Tally community = ContentItems.tally(entry.getValue().get(ContentItems.COMMUNITY));
            Counts last = day.getOrDefault(tool.id(), Counts.ZERO);
            Tally lastDay = new Tally(Math.max(0, last.ship()), Math.max(0, last.skip()));
            Map<String, AttributeValue> wanted = new HashMap<>(ContentItems.rankedKey(RankingOrder.TRENDING, tool.id()));
            wanted.putAll(ContentItems.rankPlacement(RankingOrder.TRENDING, tool));
            wanted.put(RANK_SK, s(RankKey.trending(lastDay, community, tool.name(), tool.id())));
            wanted.put(ContentItems.SHIP_24H, n(lastDay.ship()));
            wanted.put(ContentItems.N_24H, n(lastDay.total()));
            wanted.put(SHIP, n(community.ship()));
            wanted.put(SKIP, n(community.skip()));
            Map<String, AttributeValue> kept = new HashMap<>(trendingItem);
            kept.remove(UPDATED_AT);
            if (!kept.equals(wanted)) {
                wanted.put(UPDATED_AT, s(now.toString()));
                dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(wanted).build());
                trending++;
            }
        }
        return new RankRepairs(ranks, trending, unsettled);
    }

    /** Sets a ranked item's placement and key if its aggregate is still at {@code seenVersion}; whether it was written. */
    private boolean place(Map<String, AttributeValue> key, Map<String, AttributeValue> placement, long seenVersion) {
        Map<String, String> names = new HashMap<>(Map.of("#version", VERSION));
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (var entry : new java.util.TreeMap<>(placement).entrySet()) {
            names.put("#a" + i, entry.getKey());
            values.put(":a" + i, entry.getValue());
            sets.add("#a" + i + " = :a" + i);
            i++;
        }
        if (seenVersion != 0) {
            values.put(":seen", n(seenVersion));
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder().tableName(tableName).key(key)
                    .updateExpression("SET " + String.join(", ", sets))
                    .conditionExpression(seenVersion == 0 ? "attribute_not_exists(#version)" : "#version = :seen")
                    .expressionAttributeNames(names).expressionAttributeValues(values).build());
            return true;
        } catch (ConditionalCheckFailedException writtenMeanwhile) {
            return false;
        }
    }

    /**
     * Per tool, the ship votes (ship) and the other votes (skip) cast in the 24 hours up to {@code now}'s hour: one
     * Query per hour's partition (its bucket items), 24 requests a run.
     */
    Map<String, Counts> lastDay(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        Map<String, Long> ship = new HashMap<>();
        Map<String, Long> votes = new HashMap<>();
        for (int h = 0; h < 24; h++) {
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(ContentItems.bucketPartition(hour.minus(java.time.Duration.ofHours(h))))));
                if (start != null) {
                    query.exclusiveStartKey(start);
                }
                var page = dynamo.query(query.build());
                for (Map<String, AttributeValue> bucket : page.items()) {
                    bucket.forEach((name, value) -> {
                        if (name.startsWith("s:")) {
                            ship.merge(name.substring(2), number(value), Long::sum);
                        } else if (name.startsWith("n:")) {
                            votes.merge(name.substring(2), number(value), Long::sum);
                        }
                    });
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        Map<String, Counts> day = new HashMap<>();
        votes.forEach((tool, n) -> day.put(tool, new Counts(ship.getOrDefault(tool, 0L), n - ship.getOrDefault(tool, 0L))));
        return day;
    }

    /**
     * The most parts an hour's bucket can have: a transaction writes at most {@link #MAX_DELTAS_PER_TRANSACTION} items,
     * and numbers its parts of each hour from 0.
     */
    static final int MAX_BUCKET_PARTS = (MAX_DELTAS_PER_TRANSACTION + TOOLS_PER_BUCKET_ITEM - 1) / TOOLS_PER_BUCKET_ITEM;

    /** One tool's two numbers in one part of an hour's bucket, as stored (empty: the attribute is absent). */
    public record BucketCell(Optional<Long> ship, Optional<Long> votes) {
        static final BucketCell ABSENT = new BucketCell(Optional.empty(), Optional.empty());
    }

    /** Hourly buckets as read: per hour, per part number, per tool, its cell. */
    public record BucketsRead(Map<Instant, Map<Integer, Map<String, BucketCell>>> hours) {

        /** Every tool that has a cell in any hour. */
        public Set<String> tools() {
            Set<String> tools = new TreeSet<>();
            hours.values().forEach(parts -> parts.values().forEach(cells -> tools.addAll(cells.keySet())));
            return tools;
        }
    }

    /** Every part of every hourly bucket from {@code from} to {@code to} (hours, both included), read consistently. */
    public BucketsRead readBuckets(Instant from, Instant to) {
        Map<Instant, Map<Integer, Map<String, BucketCell>>> hours = new java.util.TreeMap<>();
        for (Instant hour = from.truncatedTo(ChronoUnit.HOURS); !hour.isAfter(to); hour = hour.plus(java.time.Duration.ofHours(1))) {
            Map<Integer, Map<String, BucketCell>> parts = new java.util.TreeMap<>();
            Map<String, AttributeValue> start = null;
            do {
                QueryRequest.Builder query = QueryRequest.builder().tableName(tableName).consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(ContentItems.bucketPartition(hour))));
                if (start != null) {
                    query.exclusiveStartKey(start);
                }
                var page = dynamo.query(query.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    String sk = item.get(SK).s();
                    if (!sk.matches(ContentItems.BUCKET + "#[0-9]{1,3}")) {
                        continue;
                    }
                    Map<String, BucketCell> cells = new HashMap<>();
                    item.forEach((name, value) -> {
                        if (name.startsWith("s:") || name.startsWith("n:")) {
                            String tool = name.substring(2);
                            BucketCell cell = cells.getOrDefault(tool, BucketCell.ABSENT);
                            cells.put(tool, name.startsWith("s:")
                                    ? new BucketCell(Optional.of(number(value)), cell.votes())
                                    : new BucketCell(cell.ship(), Optional.of(number(value))));
                        }
                    });
                    parts.put(Integer.parseInt(sk.substring(ContentItems.BUCKET.length() + 1)), cells);
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            hours.put(hour, parts);
        }
        return new BucketsRead(hours);
    }

    /** What {@link #repairBuckets} did: (hour, tool) pairs compared, rewritten, and lost to a concurrent write. */
    public record BucketRepairs(int checked, int rewritten, int unsettled) {
    }

    /**
     * Makes each settled tool's hourly buckets hold {@code truth} (per hour, per tool: ship and skip votes cast in it),
     * writing only the (hour, tool) pairs whose stored sum over the hour's parts differs. A rewrite puts the truth in
     * one part and takes the tool out of the others, in one transaction conditioned on every part of the hour still
     * holding what {@code read} saw of the tool (absent included, so a part the stream adds meanwhile fails it too).
     * The stream's deltas land in the buckets exactly as they change the truth, so an unchanged bucket means the truth
     * it was read against still holds; a changed one fails the transaction and the pair is left for the next run.
     *
     * @param settled tools whose buckets {@code read} holds at the moment {@code truth} describes (the caller proves it)
     */
    public BucketRepairs repairBuckets(BucketsRead read, Map<Instant, Map<String, Counts>> truth,
                                       java.util.function.Predicate<String> settled) {
        int checked = 0, rewritten = 0, unsettled = 0;
        for (var hour : read.hours().entrySet()) {
            Map<Integer, Map<String, BucketCell>> parts = hour.getValue();
            Map<String, Counts> wanted = truth.getOrDefault(hour.getKey(), Map.of());
            Set<String> tools = new TreeSet<>(wanted.keySet());
            parts.values().forEach(cells -> tools.addAll(cells.keySet()));
            for (String tool : tools) {
                if (!settled.test(tool)) {
                    continue;
                }
                checked++;
                long storedShip = 0, storedVotes = 0;
                for (Map<String, BucketCell> cells : parts.values()) {
                    BucketCell cell = cells.getOrDefault(tool, BucketCell.ABSENT);
                    storedShip += cell.ship().orElse(0L);
                    storedVotes += cell.votes().orElse(0L);
                }
                Counts want = wanted.getOrDefault(tool, Counts.ZERO);
                if (storedShip == want.ship() && storedVotes == want.ship() + want.skip()) {
                    continue;
                }
                try {
                    dynamo.transactWriteItems(TransactWriteItemsRequest.builder()
                            .transactItems(bucketRewrite(hour.getKey(), parts, tool, want)).build());
                    rewritten++;
                } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException movedMeanwhile) {
                    unsettled++;
                }
            }
        }
        return new BucketRepairs(checked, rewritten, unsettled);
    }

    /** The transaction that sets one tool's numbers in one part of an hour and clears them from every other part. */
    private List<TransactWriteItem> bucketRewrite(Instant hour, Map<Integer, Map<String, BucketCell>> parts, String tool,
                                                  Counts want) {
        int target = parts.entrySet().stream().filter(e -> e.getValue().containsKey(tool)).map(Map.Entry::getKey)
                .findFirst().orElse(0);
        int partCount = Math.max(MAX_BUCKET_PARTS, parts.keySet().stream().mapToInt(p -> p + 1).max().orElse(0));
        List<TransactWriteItem> writes = new ArrayList<>();
        for (int part = 0; part < partCount; part++) {
            BucketCell cell = parts.getOrDefault(part, Map.of()).getOrDefault(tool, BucketCell.ABSENT);
            Map<String, String> names = new HashMap<>(Map.of("#s", ContentItems.bucketShip(tool), "#n", ContentItems.bucketVotes(tool)));
            Map<String, AttributeValue> values = new HashMap<>();
            String condition = unchanged("#s", ":os", cell.ship(), values) + " AND " + unchanged("#n", ":on", cell.votes(), values);
            var key = ContentItems.bucketKey(hour, part);
            if (part == target) {
                names.put("#expires", EXPIRES_AT);
                values.put(":s", n(want.ship()));
                values.put(":n", n(want.ship() + want.skip()));
                values.put(":expires", n(hour.truncatedTo(ChronoUnit.HOURS).plus(BUCKET_LIFETIME).getEpochSecond()));
                writes.add(TransactWriteItem.builder().update(Update.builder().tableName(tableName).key(key)
                        .updateExpression("SET #s = :s, #n = :n, #expires = :expires").conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
            } else if (!cell.equals(BucketCell.ABSENT)) {
                writes.add(TransactWriteItem.builder().update(Update.builder().tableName(tableName).key(key)
                        .updateExpression("REMOVE #s, #n").conditionExpression(condition)
                        .expressionAttributeNames(names).expressionAttributeValues(values).build()).build());
            } else {
                writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(tableName).key(key)
                        .conditionExpression(condition).expressionAttributeNames(names)).build());
            }
        }
        return writes;
    }

    /** A condition that the attribute still holds what was read: that number, or nothing. */
    private static String unchanged(String name, String placeholder, Optional<Long> read, Map<String, AttributeValue> values) {
        if (read.isEmpty()) {
            return "attribute_not_exists(" + name + ")";
        }
        values.put(placeholder, n(read.get()));
        return name + " = " + placeholder;
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
