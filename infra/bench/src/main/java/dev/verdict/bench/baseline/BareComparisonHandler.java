package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The cold-start baseline: a bare Lambda {@code RequestHandler} with no framework, making the same DynamoDB requests as
 * a comparison read (Query + BatchGetItem) through the same SDK client setup the service uses (URL-connection HTTP
 * client, explicit region and credentials). It answers with a few counts instead of the full JSON view: it is the
 * floor a hand-written function would sit on, not a second implementation of the API.
 */
public class BareComparisonHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final BareComparisonRead read;

    public BareComparisonHandler() {
        Map<String, String> env = System.getenv();
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(env.getOrDefault("AWS_REGION", "us-east-1")))
                .httpClient(UrlConnectionHttpClient.create());
        String endpoint = env.get("DYNAMODB_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        this.read = new BareComparisonRead(builder.build(), env.get("CONTENT_TABLE"), false);
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
