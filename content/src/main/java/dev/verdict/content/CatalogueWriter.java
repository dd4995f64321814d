package dev.verdict.content;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.PanelTallies;
import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import dev.verdict.core.store.ContentItems;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The content loader's writes to the content table. They live here, not in core, so no function's jar carries them:
 * no function's role may write the catalogue. Item shapes come from {@link ContentItems}.
 */
public final class CatalogueWriter {

    /** The ranking items {@link #placeInRankings} writes per tool: its community and trending places. */
    static final int PLACES_PER_TOOL = 2;
    /** BatchWriteItem's limit. */
    private static final int BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String tableName;

    public CatalogueWriter(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** Every item that represents the catalogue, ready for {@link #putAll}. Panel aggregates are derived here. */
    public List<Map<String, AttributeValue>> catalogueItems(List<Tool> tools, List<Comparison> comparisons) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        tools.forEach(tool -> items.add(ContentItems.toolItem(tool)));
        List<Review> reviews = new ArrayList<>();
        Map<String, Instant> panelUpdatedAt = new HashMap<>();
        for (Comparison comparison : comparisons) {
            Map<String, String> names = new LinkedHashMap<>();
            tools.stream().filter(t -> comparison.toolIds().contains(t.id())).forEach(t -> names.put(t.id(), t.name()));
            items.add(ContentItems.comparisonItem(comparison, names));
            int position = 0;
            for (Review review : comparison.reviews()) {
                items.add(ContentItems.reviewItem(comparison.slug(), position++, review));
                reviews.add(review);
                panelUpdatedAt.merge(review.toolId(), comparison.publishedAt(), CatalogueWriter::later);
            }
        }
        // Every tool gets a PANEL item, an unreviewed one too (zero), so a page never lacks one.
        Map<String, Tally> panel = new LinkedHashMap<>();
        tools.forEach(tool -> panel.put(tool.id(), Tally.EMPTY));
        panel.putAll(PanelTallies.byTool(reviews));
        Map<String, Tool> byId = new HashMap<>();
        tools.forEach(tool -> byId.put(tool.id(), tool));
        panel.forEach((toolId, tally) ->
                items.add(ContentItems.panelItem(byId.get(toolId), tally, Optional.ofNullable(panelUpdatedAt.get(toolId)))));
        return items;
    }

    /**
     * Places every tool in the community and trending rankings (its name, category and partitions), with a key for no
     * votes where it has none yet: a tool nobody has voted on is listed, last. An update, not a put, so the counts and
     * the key that the votes stream and the recompute keep are never overwritten.
     */
    public void placeInRankings(List<Tool> tools) {
        for (Tool tool : tools) {
            for (RankingOrder by : List.of(RankingOrder.COMMUNITY, RankingOrder.TRENDING)) {
                var update = ContentItems.rankPlacementUpdate(by, tool);
                dynamo.updateItem(b -> b.tableName(tableName).key(update.key()).updateExpression(update.expression())
                        .expressionAttributeNames(update.names()).expressionAttributeValues(update.values()));
            }
        }
    }

    /** Writes items 25 at a time, resending whatever DynamoDB reports unprocessed. */
    public void putAll(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += BATCH) {
            List<WriteRequest> batch = items.subList(from, Math.min(from + BATCH, items.size())).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(tableName, batch);
            while (!pending.isEmpty()) {
                pending = dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build()).unprocessedItems();
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
