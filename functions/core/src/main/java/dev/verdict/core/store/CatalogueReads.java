package dev.verdict.core.store;

import static dev.verdict.core.store.ContentItems.ALL_COMPARISONS;
import static dev.verdict.core.store.ContentItems.BY_CATEGORY_INDEX;
import static dev.verdict.core.store.ContentItems.BY_PUBLISHED_INDEX;
import static dev.verdict.core.store.ContentItems.CATEGORY_PK;
import static dev.verdict.core.store.ContentItems.COMMUNITY;
import static dev.verdict.core.store.ContentItems.LIST_PK;
import static dev.verdict.core.store.ContentItems.LIST_SK;
import static dev.verdict.core.store.ContentItems.META;
import static dev.verdict.core.store.ContentItems.PANEL;
import static dev.verdict.core.store.ContentItems.PK;
import static dev.verdict.core.store.ContentItems.SK;
import static dev.verdict.core.store.ContentItems.TOOL_IDS;
import static dev.verdict.core.store.ContentItems.comparisonKey;
import static dev.verdict.core.store.ContentItems.key;
import static dev.verdict.core.store.ContentItems.s;
import static dev.verdict.core.store.ContentItems.toolKey;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.ComparisonView;
import dev.verdict.core.domain.Page;
import dev.verdict.core.domain.Ranking;
import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.ToolStanding;
import dev.verdict.core.signing.CursorCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The catalogue as the read functions see it: GetItem, BatchGetItem and Query on the content table and its indexes,
 * nothing else (the comparisons and votes functions' IAM statements in template.yaml).
 *
 * <p>A comparison read is one Query on its partition (meta and reviews) plus one BatchGetItem for its tools' META,
 * PANEL and COMMUNITY items: two requests whatever the number of reviews.
 */
public final class CatalogueReads {

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final CursorCodec cursors;

    /** {@code cursors} may be null in a function that never lists comparisons (it then has no signing key). */
    public CatalogueReads(DynamoDbClient dynamo, String tableName, CursorCodec cursors) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.cursors = cursors;
    }

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
        Comparison comparison = ContentItems.toComparison(meta,
                reviewItems.stream().map(item -> ContentItems.toReview(item).orElseThrow()).toList());
        Map<String, ToolStanding> standings = standings(comparison.toolIds());
        List<ToolStanding> tools = comparison.toolIds().stream().map(standings::get).toList();
        if (tools.contains(null)) {
            throw new IllegalStateException("comparison " + slug + " names a tool that is not in the table");
        }
        Instant updatedAt = tools.stream().map(ToolStanding::updatedAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
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
                Instant updatedAt = later(ContentItems.updatedAt(panel), ContentItems.updatedAt(community));
                standings.put(toolId, new ToolStanding(ContentItems.toTool(meta), ContentItems.tally(panel),
                        ContentItems.tally(community), updatedAt));
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
        List<ComparisonSummary> page = items.stream().limit(limit).map(ContentItems::toSummary).toList();
        Optional<String> next = items.size() > limit
                ? Optional.of(cursors.encode(scope, items.get(limit - 1).get(LIST_SK).s()))
                : Optional.empty();
        return new Page<>(page, next);
    }

    /**
     * The first {@code limit} tools of a ranking, in the order its writers keep: one Query on a ranking index, whatever
     * the number of tools. Empty when the category has no ranked tools (no such category: the loader places every
     * tool of the catalogue in each ranking).
     */
    public Optional<Ranking> ranking(RankingOrder by, Optional<String> category, int limit) {
        String partitionAttribute = category.isPresent() ? ContentItems.RANK_PK : ContentItems.RANK_ALL_PK;
        List<Map<String, AttributeValue>> items = dynamo.query(QueryRequest.builder()
                .tableName(tableName)
                .indexName(category.isPresent() ? ContentItems.BY_RANK_INDEX : ContentItems.BY_RANK_ALL_INDEX)
                .keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", partitionAttribute))
                .expressionAttributeValues(Map.of(":p", s(ContentItems.rankPartition(by, category))))
                .limit(limit)
                .build()).items();
        if (items.isEmpty() && category.isPresent()) {
            return Optional.empty();
        }
        Instant updatedAt = items.stream().map(ContentItems::updatedAt).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return Optional.of(new Ranking(by, items.stream().map(item -> ContentItems.toRankEntry(by, item)).toList(), updatedAt));
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
                ? Optional.of(ContentItems.strings(response.item().get(TOOL_IDS))) : Optional.empty();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
