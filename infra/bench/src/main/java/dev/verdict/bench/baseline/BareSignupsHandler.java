package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The signups function's twin: the caller's hourly allowance (a conditional UpdateItem on a keyed hash of its
 * address), the subscriber as stored (a consistent GetItem), then a new pending subscriber asking for its
 * confirmation message (a conditional UpdateItem).
 */
public class BareSignupsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String rateLimits = BareAws.table("RATE_LIMIT_TABLE");
    private final String subscribers = BareAws.table("SUBSCRIBERS_TABLE");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Instant now = Instant.now();
        Instant window = now.truncatedTo(ChronoUnit.HOURS);
        try {
            dynamo.updateItem(u -> u.tableName(rateLimits)
                    .key(Map.of("pk", AttributeValue.fromS("signups:signup#" + BareAws.keyedHash(BareHttp.sourceIp(event))
                            + "#" + window.getEpochSecond())))
                    .updateExpression("ADD #hits :one SET #expires = if_not_exists(#expires, :expires)")
                    .conditionExpression("attribute_not_exists(#hits) OR #hits < :limit")
                    .expressionAttributeNames(Map.of("#hits", "hits", "#expires", "expiresAt"))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":limit", AttributeValue.fromN("10"),
                            ":expires", AttributeValue.fromN(Long.toString(window.getEpochSecond() + 3600))))
                    .returnValues(ReturnValue.UPDATED_NEW));
        } catch (ConditionalCheckFailedException overLimit) {
            return BareHttp.answer(429, "{\"limited\":true}");
        }
        String address = BareHttp.field(event, "email").orElse("").toLowerCase(Locale.ROOT);
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("ADDRESS#" + address));
        if (dynamo.getItem(g -> g.tableName(subscribers).key(key).consistentRead(true)).hasItem()) {
            return BareHttp.answer(202, "{\"status\":\"pending\"}");
        }
        String at = now.toString();
        Map<String, AttributeValue> values = Map.ofEntries(
                Map.entry(":a0", AttributeValue.fromS(address)), Map.entry(":a1", AttributeValue.fromS(address)),
                Map.entry(":a2", AttributeValue.fromS("pending")), Map.entry(":a3", AttributeValue.fromN("1")),
                Map.entry(":a4", AttributeValue.fromN("1")), Map.entry(":a5", AttributeValue.fromS(at)),
                Map.entry(":a6", AttributeValue.fromS(at)), Map.entry(":a7", AttributeValue.fromS(at)),
                Map.entry(":a8", AttributeValue.fromS(at)), Map.entry(":a9", AttributeValue.fromS(UUID.randomUUID().toString())),
                Map.entry(":a10", AttributeValue.fromS(at)));
        try {
            dynamo.updateItem(u -> u.tableName(subscribers).key(key)
                    .updateExpression("SET #a0 = :a0, #a1 = :a1, #a2 = :a2, #a3 = :a3, #a4 = :a4, #a5 = :a5, #a6 = :a6,"
                            + " #a7 = :a7, #a8 = :a8, #a9 = :a9, #a10 = :a10 REMOVE #a11, #a12, #a13")
                    .conditionExpression("attribute_not_exists(pk)")
                    .expressionAttributeNames(Map.ofEntries(Map.entry("#a0", "address"), Map.entry("#a1", "deliverTo"),
                            Map.entry("#a2", "status"), Map.entry("#a3", "cycle"), Map.entry("#a4", "version"),
                            Map.entry("#a5", "consent"), Map.entry("#a6", "createdAt"), Map.entry("#a7", "updatedAt"),
                            Map.entry("#a8", "lastRequestAt"), Map.entry("#a9", "mailRequest"),
                            Map.entry("#a10", "mailRequestedAt"), Map.entry("#a11", "confirmedAt"),
                            Map.entry("#a12", "unsubscribedAt"), Map.entry("#a13", "mailSent")))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException raced) {
            return BareHttp.answer(202, "{\"status\":\"pending\"}");
        }
        return BareHttp.answer(202, "{\"status\":\"pending\"}");
    }
}
