package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The newsletter composer's twin: whether last week's issue exists (a consistent GetItem), the newest comparisons (a
 * Query on the published index), the catalogue (a Scan) and the issue before it (a Query), as the composer reads them
 * on the bench's tables, where it then has nothing to write.
 */
public class BareComposeIssueHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String content = BareAws.table("CONTENT_TABLE");
    private final String newsletter = BareAws.table("NEWSLETTER_TABLE");

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        Instant at = event.getTime() == null ? Instant.now() : Instant.ofEpochMilli(event.getTime().getMillis());
        var week = at.minus(7, ChronoUnit.DAYS).atZone(ZoneOffset.UTC);
        String id = String.format("%d-W%02d", week.get(IsoFields.WEEK_BASED_YEAR), week.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        Map<String, AttributeValue> issue = Map.of("pk", AttributeValue.fromS("ISSUE"), "sk", AttributeValue.fromS(id));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("issue", id);
        if (dynamo.getItem(g -> g.tableName(newsletter).key(issue).consistentRead(true)).hasItem()) {
            summary.put("composed", false);
            return summary;
        }
        var newest = dynamo.query(q -> q.tableName(content).indexName("byPublished").limit(101).scanIndexForward(false)
                .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", "listPk"))
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("COMPARISON"))));
        long catalogue = dynamo.scanPaginator(s -> s.tableName(content)).items().stream().count();
        var previous = dynamo.query(q -> q.tableName(newsletter).limit(1).consistentRead(true).scanIndexForward(false)
                .keyConditionExpression("pk = :p AND sk < :id")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ISSUE"), ":id", AttributeValue.fromS(id))));
        summary.put("comparisons", newest.count());
        summary.put("catalogueItems", catalogue);
        summary.put("previous", previous.count());
        summary.put("composed", false);
        return summary;
    }
}
