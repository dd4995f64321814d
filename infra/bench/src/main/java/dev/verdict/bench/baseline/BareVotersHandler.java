package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The voters function's twin: how many voters the caller's network prefix made this hour and the last (one
 * BatchGetItem on keyed hashes of the prefix), which sets the difficulty of the proof it hands out.
 */
public class BareVotersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String voters = BareAws.table("VOTERS_TABLE");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String address = BareHttp.sourceIp(event);
        String prefix = BareAws.keyedHash(address.contains(".") ? address.substring(0, address.lastIndexOf('.')) : address);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Map<String, AttributeValue>> keys = List.of(
                Map.of("pk", AttributeValue.fromS("PREFIX#" + prefix + "#" + hour.getEpochSecond())),
                Map.of("pk", AttributeValue.fromS("PREFIX#" + prefix + "#" + hour.minusSeconds(3600).getEpochSecond())));
        var found = dynamo.batchGetItem(b -> b.requestItems(Map.of(voters, KeysAndAttributes.builder().keys(keys)
                .projectionExpression("#pk, #created").expressionAttributeNames(Map.of("#pk", "pk", "#created", "created"))
                .build())));
        int recent = found.responses().getOrDefault(voters, List.of()).size();
        return BareHttp.answer(200, "{\"difficulty\":" + (16 + recent) + "}");
    }
}
