package dev.verdict.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.verdict.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The SES v2 sender against a stand-in for the SES endpoint on loopback: what goes over the wire (the raw MIME message,
 * sender, recipient, configuration set) and how SES's answers are taken.
 */
class SesMailSenderTest {

    record Received(String path, String authorization, JsonNode body) {
    }

    HttpServer ses;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile Map<String, String> answerHeaders = Map.of();
    volatile String answer = "{\"MessageId\":\"0100018f-ses-message-id\"}";

    @BeforeEach
    void startStandIn() throws IOException {
        ses = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ses.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body.length == 0 ? null : Json.readBody(new String(body, StandardCharsets.UTF_8))));
            answerHeaders.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        ses.start();
    }

    @AfterEach
    void stopStandIn() {
        ses.stop(0);
    }

    SesMailSender sender(Optional<String> configurationSet) {
        SesV2Client client = SesV2Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + ses.getAddress().getPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return new SesMailSender(client, "verdicts@verdicts.example", configurationSet);
    }

    static MailSender.Message message() {
        String unsubscribe = "https://verdicts.example/subscriptions/unsubscribe?token=" + "u".repeat(43);
        return new AlternativeMessage("Weekly AI Tool Verdicts", "verdicts@verdicts.example", "reader@example.com",
                "Confirm your subscription to Weekly AI Tool Verdicts", Instant.parse("2026-11-27T09:00:00Z"),
                AlternativeMessage.randomMessageId("verdicts@verdicts.example"),
                List.of(new AlternativeMessage.Header("List-Unsubscribe", "<" + unsubscribe + ">"),
                        new AlternativeMessage.Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")),
                "Confirm: https://verdicts.example/subscriptions/confirm?token=" + "c".repeat(43) + "\n",
                "<p><a href=\"https://verdicts.example/subscriptions/confirm?token=" + "c".repeat(43) + "\">Confirm</a></p>\n")
                .render();
    }

    @Test
    void sendsTheMessageRawWithSenderRecipientAndConfigurationSet() {
        MailSender.Message message = message();

        sender(Optional.of("verdict-mail")).send(message);

        assertThat(received).hasSize(1);
        Received request = received.getFirst();
        assertThat(request.path()).isEqualTo("/v2/email/outbound-emails");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256").contains("/eu-west-1/ses/aws4_request");
        assertThat(request.body().get("FromEmailAddress").asText()).isEqualTo("verdicts@verdicts.example");
        assertThat(request.body().get("Destination").get("ToAddresses").get(0).asText()).isEqualTo("reader@example.com");
        assertThat(request.body().get("ConfigurationSetName").asText()).isEqualTo("verdict-mail");
        byte[] raw = Base64.getDecoder().decode(request.body().get("Content").get("Raw").get("Data").asText());
        assertThat(raw).isEqualTo(message.mime());
        assertThat(new String(raw, StandardCharsets.US_ASCII))
                .contains("List-Unsubscribe: <https://verdicts.example/subscriptions/unsubscribe?token=" + "u".repeat(43) + ">")
                .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    }

    @Test
    void leavesTheConfigurationSetOutWhenNoneIsConfigured() {
        sender(Optional.empty()).send(message());

        assertThat(received.getFirst().body().has("ConfigurationSetName")).isFalse();
    }

    @Test
    void takesARejectedMessageAsFinalWithoutQuotingSes() {
        status = 400;
        answerHeaders = Map.of("x-amzn-ErrorType", "MessageRejected");
        answer = "{\"message\":\"Email address is not verified: reader@example.com\"}";

        assertThatThrownBy(() -> sender(Optional.empty()).send(message()))
                .isInstanceOf(MailSender.Rejected.class)
                .hasMessageContaining("MessageRejectedException")
                .hasMessageNotContaining("reader@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SendingPausedException", "AccountSuspendedException", "MailFromDomainNotVerifiedException",
            "NotFoundException", "BadRequestException", "MessageRejected"})
    void takesRefusalsThatNeedAPersonAsFinal(String errorType) {
        status = 400;
        answerHeaders = Map.of("x-amzn-ErrorType", errorType);
        answer = "{\"message\":\"refused for reader@example.com\"}";

        assertThatThrownBy(() -> sender(Optional.empty()).send(message()))
                .isInstanceOf(MailSender.Rejected.class)
                .hasMessageNotContaining("reader@example.com");
        assertThat(received).hasSize(1);
    }

    @Test
    void leavesTheDailyQuotaToBeRetried() {
        status = 429;
        answerHeaders = Map.of("x-amzn-ErrorType", "LimitExceededException");
        answer = "{\"message\":\"slow down\"}";

        assertThatThrownBy(() -> sender(Optional.empty()).send(message()))
                .isNotInstanceOf(MailSender.Rejected.class)
                .isInstanceOf(software.amazon.awssdk.services.sesv2.model.SesV2Exception.class);
    }

    /** Throttling is still retryable (not Rejected), and now named, so a bulk sender can back off before retrying. */
    @Test
    void saysThrottlingIsThrottling() {
        status = 429;
        answerHeaders = Map.of("x-amzn-ErrorType", "TooManyRequestsException");
        answer = "{\"message\":\"slow down\"}";

        assertThatThrownBy(() -> sender(Optional.empty()).send(message()))
                .isNotInstanceOf(MailSender.Rejected.class)
                .isInstanceOf(MailSender.Throttled.class)
                .hasMessageNotContaining("reader@example.com");
    }

    @Test
    void readsTheAccountsSendRate() {
        answer = "{\"SendQuota\":{\"Max24HourSend\":50000,\"MaxSendRate\":14,\"SentLast24Hours\":0},\"SendingEnabled\":true}";

        SesV2Client client = SesV2Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + ses.getAddress().getPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();

        assertThat(SesMailSender.maxSendRate(client)).isEqualTo(14.0);
        assertThat(received.getFirst().path()).isEqualTo("/v2/email/account");
    }
}
