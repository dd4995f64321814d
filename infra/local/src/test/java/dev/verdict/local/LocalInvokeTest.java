package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local stack's {@code POST /_local/invoke/{FunctionLogicalId}}: Lambda's Invoke, through the runtime path. */
class LocalInvokeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalService stack;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalService.start(new LocalService.Options(null, true, 0, null, SamTemplate.locate(), 3600));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anEmptyBodyRunsAScheduledFunctionOnItsScheduledEventAndAnswersWithItsResult() throws Exception {
        HttpResponse<String> answer = post("RecomputeFunction", "");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Amz-Function-Error")).isEmpty();
        JsonNode summary = JSON.readTree(answer.body());
        assertThat(summary.path("complete").asBoolean()).isTrue();
        assertThat(summary.path("aggregatesChecked").asLong()).isPositive();
    }

    @Test
    void anApiGatewayEventInTheBodyReachesTheFunctionAndItsAnswerComesBackAsItReturnedIt() throws Exception {
        String event = new String(HttpEvents.request("GET", "/comparisons/{slug}")
                .path("slug", "google-scion-vs-code-llama-4").json(), StandardCharsets.UTF_8);

        HttpResponse<String> answer = post("ComparisonsFunction", event);

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode response = JSON.readTree(answer.body());
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(JSON.readTree(response.path("body").asText()).path("slug").asText()).isEqualTo("google-scion-vs-code-llama-4");
    }

    @Test
    void aFunctionThatFailsAnswersAsLambdasInvokeDoesWithTheErrorAndNoStackTrace() throws Exception {
        HttpResponse<String> answer = post("RecomputeFunction", "[1, 2, 3]");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Amz-Function-Error")).hasValue("Unhandled");
        JsonNode error = JSON.readTree(answer.body());
        assertThat(error.path("errorType").asText()).isNotBlank();
        assertThat(error.has("stackTrace")).isFalse();
    }

    /** The README's walkthrough: the example bounce, signed by the local SNS stand-in, suppresses its reader once. */
    @Test
    void theReadmesExampleBounceVerifiesLocallyAndSuppressesItsReaderOnce() throws Exception {
        String example = java.nio.file.Files.readString(TemplateContractTest.ROOT.resolve("infra/local/examples/bounce-hard.json"));
        HttpResponse<String> stranger = post("MailFeedbackFunction", example);
        var dynamo = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(stack.dynamoEndpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
        var pk = software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ADDRESS#reader@example.com");
        dynamo.putItem(b -> b.tableName("SubscribersTable").item(java.util.Map.of("pk", pk,
                "deliverTo", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("reader@example.com"),
                "status", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CONFIRMED"))));

        HttpResponse<String> suppressed = post("MailFeedbackFunction", example);
        HttpResponse<String> again = post("MailFeedbackFunction", example);

        assertThat(JSON.readTree(stranger.body()).path("unknown").asInt()).as(stranger.body()).isEqualTo(1);
        assertThat(JSON.readTree(suppressed.body()).path("refused").asInt()).as(suppressed.body()).isZero();
        assertThat(JSON.readTree(suppressed.body()).path("suppressed").asInt()).as(suppressed.body()).isEqualTo(1);
        assertThat(JSON.readTree(again.body()).path("already").asInt()).as(again.body()).isEqualTo(1);
        assertThat(dynamo.getItem(b -> b.tableName("SubscribersTable").key(java.util.Map.of("pk", pk))).item())
                .containsKey("suppressedAt");
    }

    @Test
    void anUnknownFunctionIsNotFound() throws Exception {
        HttpResponse<String> answer = post("NoSuchFunction", "");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void anEmptyBodyForAFunctionWithoutAScheduleOrABodyThatIsNotJsonIsRefusedWithoutInvokingIt() throws Exception {
        HttpResponse<String> noSchedule = post("ComparisonsFunction", "");
        HttpResponse<String> notJson = post("RecomputeFunction", "{not json");

        assertThat(noSchedule.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noSchedule.body()).path("detail").asText()).contains("no schedule");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void onlyPostInvokes() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/_local/invoke/RecomputeFunction"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void fromAnotherMachineTheRouteDoesNotExistEvenWhenTheStackListensEverywhere() throws Exception {
        java.util.Optional<java.net.InetAddress> outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
                .stream()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof java.net.Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        if (outside.isEmpty()) {
            System.out.println("non-loopback invoke check skipped: this machine has no non-loopback IPv4 address");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(outside.isPresent(), "no non-loopback address to call from");
        try (LocalService everywhere = LocalService.start(new LocalService.Options(null, true, 0, null, SamTemplate.locate(),
                3600, "0.0.0.0", null))) {
            URI fromOutside = URI.create("http://" + outside.get().getHostAddress() + ":" + everywhere.port()
                    + "/_local/invoke/RecomputeFunction");
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(fromOutside).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://" + outside.get().getHostAddress() + ":"
                            + everywhere.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("the same stack answers that address otherwise").isEqualTo(200);
        }
    }

    private static HttpResponse<String> post(String function, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.url() + "/_local/invoke/" + function))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
