package dev.verdict.newsletter;

import dev.verdict.core.json.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The newsletter table's issue items, and the only code that knows their shape: partition {@code ISSUE}, sort key the
 * issue id ({@code 2026-W48}, which sorts in time order), so the archive and "the previous issue" are one query each.
 *
 * <p>An issue is written once, under {@code attribute_not_exists}: a second compose of the same week (a retried
 * schedule, a manual invoke) finds the first one and uses it, so the issue readers get never changes once stored, and
 * sending never sees two versions.
 */
public final class IssuesTable {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String ISSUES = "ISSUE";

    /** One page of the archive, newest first; {@code next} is the id to continue before. */
    public record Page(List<Issue> issues, Optional<String> next) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public IssuesTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Stores {@code issue} unless its week already has one; answers the one stored, whichever it is. */
    public Stored storeOnce(Issue issue) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(issue)).conditionExpression("attribute_not_exists(pk)"));
            return new Stored(issue, true);
        } catch (ConditionalCheckFailedException alreadyThere) {
            return new Stored(find(issue.id()).orElseThrow(), false);
        }
    }

    /** @param created whether this call wrote it (false: an earlier compose did) */
    public record Stored(Issue issue, boolean created) {
    }

    public Optional<Issue> find(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(issue(item));
    }

    /** The newest issue before {@code id}: its snapshot is the baseline of {@code id}'s "moved" and "most voted". */
    public Optional<Issue> previous(String id) {
        var items = dynamo.query(QueryRequest.builder().tableName(table).keyConditionExpression("pk = :p AND sk < :id")
                .expressionAttributeValues(Map.of(":p", s(ISSUES), ":id", s(id))).scanIndexForward(false).limit(1)
                .consistentRead(true).build()).items();
        return items.stream().findFirst().map(IssuesTable::issue);
    }

    /** Newest first, {@code limit} at most, starting before {@code before} when given. */
    public Page list(int limit, Optional<String> before) {
        var query = QueryRequest.builder().tableName(table).scanIndexForward(false).limit(limit + 1);
        if (before.isPresent()) {
            query.keyConditionExpression("pk = :p AND sk < :id")
                    .expressionAttributeValues(Map.of(":p", s(ISSUES), ":id", s(before.get())));
        } else {
            query.keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s(ISSUES)));
        }
        var items = dynamo.query(query.build()).items();
        List<Issue> page = items.stream().limit(limit).map(IssuesTable::issue).toList();
        return new Page(page, items.size() > limit ? Optional.of(page.getLast().id()) : Optional.empty());
    }

    /** Stops sending this issue: a refusal for good that every message would meet (the account, not one reader). */
    public void halt(String id, String reason, Instant now) {
        dynamo.updateItem(b -> b.tableName(table).key(key(id)).updateExpression("SET haltedAt = :at, haltReason = :r")
                .expressionAttributeValues(Map.of(":at", s(now.toString()), ":r", s(reason))));
    }

    public boolean halted(String id) {
        var item = dynamo.getItem(b -> b.tableName(table).key(key(id)).consistentRead(true).projectionExpression("haltedAt")).item();
        return item != null && item.containsKey("haltedAt");
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(PK, s(ISSUES), SK, s(id));
    }

    private static Map<String, AttributeValue> item(Issue issue) {
        Map<String, AttributeValue> item = new HashMap<>(key(issue.id()));
        item.put("subject", s(issue.subject()));
        item.put("weekStart", s(issue.weekStart().toString()));
        item.put("weekEnd", s(issue.weekEnd().toString()));
        item.put("composedAt", s(issue.composedAt().toString()));
        item.put("sections", s(Json.write(IssueJson.sections(issue.sections()))));
        item.put("snapshot", s(IssueJson.snapshot(issue.snapshot())));
        return item;
    }

    private static Issue issue(Map<String, AttributeValue> item) {
        return IssueJson.read(item.get(SK).s(), item.get("subject").s(), Instant.parse(item.get("weekStart").s()),
                Instant.parse(item.get("weekEnd").s()), Instant.parse(item.get("composedAt").s()),
                item.get("sections").s(), item.get("snapshot").s());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
