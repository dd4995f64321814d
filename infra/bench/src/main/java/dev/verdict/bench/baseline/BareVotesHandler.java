package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** The votes function's twin: the comparison's tool ids (GetItem), then the vote (a conditional PutItem). */
public class BareVotesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String content = BareAws.table("CONTENT_TABLE");
    private final String votes = BareAws.table("VOTES_TABLE");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String slug = BareHttp.path(event, "slug");
        String tool = BareHttp.path(event, "toolId");
        String cookie = BareHttp.cookie(event, "vid").orElse("anonymous.");
        String voter = cookie.substring(0, Math.max(0, cookie.indexOf('.')));
        // The hash a signature check needs; not compared, since the bench signs cookies in the function's own scheme.
        BareAws.keyedHash("voter:" + voter);
        var meta = dynamo.getItem(g -> g.tableName(content)
                .key(Map.of("pk", AttributeValue.fromS("COMPARISON#" + slug), "sk", AttributeValue.fromS("META")))
                .projectionExpression("#t").expressionAttributeNames(Map.of("#t", "toolIds")));
        boolean listed = meta.hasItem() && meta.item().containsKey("toolIds")
                && meta.item().get("toolIds").l().stream().anyMatch(v -> tool.equals(v.s()));
        if (!listed) {
            return BareHttp.answer(404, "{\"found\":false}");
        }
        String verdict = BareHttp.field(event, "verdict").orElse("ship");
        Instant now = Instant.now();
        try {
            dynamo.putItem(p -> p.tableName(votes)
                    .item(Map.of("pk", AttributeValue.fromS("VOTER#" + voter), "sk", AttributeValue.fromS("TOOL#" + tool),
                            "toolId", AttributeValue.fromS(tool), "comparison", AttributeValue.fromS(slug),
                            "verdict", AttributeValue.fromS(verdict), "votedAt", AttributeValue.fromS(now.toString()),
                            "changedAt", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
                    .conditionExpression("attribute_not_exists(#pk) OR (#verdict <> :verdict AND NOT #changedAt > :latestAllowed)")
                    .expressionAttributeNames(Map.of("#pk", "pk", "#verdict", "verdict", "#changedAt", "changedAt"))
                    .expressionAttributeValues(Map.of(":verdict", AttributeValue.fromS(verdict),
                            ":latestAllowed", AttributeValue.fromN(Long.toString(now.toEpochMilli() - 2000))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException unchanged) {
            return BareHttp.answer(200, "{\"verdict\":\"" + verdict + "\",\"changed\":false}");
        }
        return BareHttp.answer(200, "{\"verdict\":\"" + verdict + "\",\"changed\":true}");
    }
}
