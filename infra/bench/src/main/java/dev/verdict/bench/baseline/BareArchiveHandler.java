package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The newsletter archive's twin: one page of issues, newest first (a Query). */
public class BareArchiveHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String newsletter = BareAws.table("NEWSLETTER_TABLE");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        var page = dynamo.query(q -> q.tableName(newsletter).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ISSUE"))).scanIndexForward(false).limit(21));
        return BareHttp.answer(200, "{\"issues\":" + Math.min(20, page.count()) + "}");
    }
}
