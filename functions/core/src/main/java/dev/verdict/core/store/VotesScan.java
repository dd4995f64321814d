package dev.verdict.core.store;

import static dev.verdict.core.store.VotesTable.CHANGED_AT;
import static dev.verdict.core.store.VotesTable.PK;
import static dev.verdict.core.store.VotesTable.SK;
import static dev.verdict.core.store.VotesTable.TOOL_ID;
import static dev.verdict.core.store.VotesTable.VERDICT;

import dev.verdict.core.store.VotesTable.Vote;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The recompute's read of the votes table: a paginated parallel Scan (the recompute's IAM statement in template.yaml),
 * mapped through {@link VotesTable}, which knows the items.
 */
public final class VotesScan {

    private final DynamoDbClient dynamo;
    private final String tableName;

    public VotesScan(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** One page of {@code segment} of a parallel scan, reading only what a recount needs. */
    public ScanPage scan(int segment, int totalSegments, Map<String, AttributeValue> startKey, int pageSize) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(tableName)
                .segment(segment)
                .totalSegments(totalSegments)
                .limit(pageSize)
                .projectionExpression("#p, #s, #t, #v, #c")
                .expressionAttributeNames(Map.of("#p", PK, "#s", SK, "#t", TOOL_ID, "#v", VERDICT, "#c", CHANGED_AT));
        if (startKey != null && !startKey.isEmpty()) {
            request.exclusiveStartKey(startKey);
        }
        ScanResponse response = dynamo.scan(request.build());
        List<Scanned> items = response.items().stream()
                .map(item -> {
                    Function<String, String> text = name -> item.containsKey(name) ? item.get(name).s() : null;
                    return new Scanned(VotesTable.item(text), VotesTable.vote(text), changedAt(item.get(CHANGED_AT)));
                })
                .toList();
        return new ScanPage(items, response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null);
    }

    /**
     * One item as a scan saw it: its identity ({@link VotesTable#item}), its vote (empty if it is not a readable vote)
     * and when it was last written ({@code changedAt}; empty on votes written before it existed), which places it in
     * an hourly trending bucket.
     */
    public record Scanned(String item, Optional<Vote> vote, Optional<Instant> changedAt) {
    }

    /** Read as the stream handler reads it (epoch milliseconds), so the scan and the stream agree on a vote's hour. */
    private static Optional<Instant> changedAt(AttributeValue value) {
        return value != null && value.n() != null && value.n().matches("[0-9]{1,15}")
                ? Optional.of(Instant.ofEpochMilli(Long.parseLong(value.n()))) : Optional.empty();
    }

    /** A page of items and where to continue (null at the end). */
    public record ScanPage(List<Scanned> items, Map<String, AttributeValue> lastKey) {

        /** The votes on the page, for callers that only count. */
        public List<Optional<Vote>> votes() {
            return items.stream().map(Scanned::vote).toList();
        }
    }
}
