package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * The cold-start baseline: a bare Lambda {@code RequestHandler} with no framework, making the same DynamoDB requests as
 * a comparison read (Query + BatchGetItem) through the same SDK client setup the service uses (URL-connection HTTP
 * client, explicit region and credentials). It answers with a few counts instead of the full JSON view: it is the
 * floor a hand-written function would sit on, not a second implementation of the API. The other functions' twins
 * beside it are held to the same rule: their function's DynamoDB calls, the least work around them.
 */
public class BareComparisonsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final BareComparisonRead read;

    public BareComparisonsHandler() {
        this.read = new BareComparisonRead(BareAws.dynamo(), BareAws.table("CONTENT_TABLE"), false);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String slug = event.getPathParameters() == null ? null : event.getPathParameters().get("slug");
        BareComparisonRead.Result result = read.read(slug);
        boolean found = !result.partition().isEmpty();
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(found ? 200 : 404)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"items\":" + result.partition().size() + ",\"tools\":" + result.tools().size() + "}")
                .build();
    }
}
