package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.HttpEvents;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The links in a confirmation message, and the message itself, as a reader and their mail program meet them. */
class LinksTest {

    static SignupWorld world;
    static final List<String> reads = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        world = new SignupWorld(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                String operation = context.request().getClass().getSimpleName();
                if (operation.startsWith("GetItem") || operation.startsWith("Query")) {
                    reads.add(operation);
                }
            }
        });
    }

    static String unique(String name) {
        return name + "." + System.nanoTime() + "@example.com";
    }

    static void assertProblem(APIGatewayV2HTTPResponse response, String detail) {
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.readBody(response.getBody()).get("detail").asText()).contains(detail);
    }

    @Test
    void refusesATokenOfTheWrongShapeWithoutLookingItUp() {
        reads.clear();

        assertProblem(world.confirm("not-a-token"), "unknown");
        assertProblem(world.oneClickUnsubscribe("x".repeat(44)), "unknown");

        assertThat(reads).as("no table read for a token we cannot have issued").isEmpty();
    }

    @Test
    void asksForTheTokenWhenTheLinkCarriesAnEmptyOne() {
        assertProblem(world.confirm(""), "'token' is required");
        assertProblem(world.oneClickUnsubscribe(""), "'token' is required");
    }

    @Test
    void unsubscribingAgainChangesNothing() {
        String email = unique("twice");
        String[] tokens = world.subscribeAndReceive(email);
        world.oneClickUnsubscribe(tokens[1]);
        var afterFirst = world.subscriberItem(email);
        world.clock.advance(java.time.Duration.ofMinutes(1));

        var again = world.oneClickUnsubscribe(tokens[1]);

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(world.subscriberItem(email)).isEqualTo(afterFirst);
    }

    @Test
    void sendsABrowserThatOpensTheUnsubscribeLinkAfterUnsubscribingToTheUnsubscribedPage() {
        String[] tokens = world.subscribeAndReceive(unique("done"));
        world.oneClickUnsubscribe(tokens[1]);

        var opened = world.call(HttpEvents.request("GET", "/subscriptions/unsubscribe").query("token", tokens[1])
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").sourceIp(SignupWorld.newClient()));

        assertThat(opened.getStatusCode()).isEqualTo(303);
        assertThat(opened.getHeaders()).containsEntry("Location", "http://localhost:3000/unsubscribed");
    }

    @Test
    void recordsTheSiteAsTheSourceOfASignupThatNamesNone() {
        String email = unique("nosource");

        var response = world.call(HttpEvents.request("POST", "/subscriptions")
                .jsonBody("{\"email\":\"" + email + "\",\"consent\":true}").sourceIp(SignupWorld.newClient()));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(world.subscriberItem(email).get("consent").m().get("source").s()).isEqualTo("site");
    }

    @Test
    void recordsTheSiteAsTheSourceOfASignupWhoseSourceIsNull() {
        String email = unique("nullsource");

        var response = world.call(HttpEvents.request("POST", "/subscriptions")
                .jsonBody("{\"email\":\"" + email + "\",\"source\":null,\"consent\":true}").sourceIp(SignupWorld.newClient()));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(world.subscriberItem(email).get("consent").m().get("source").s()).isEqualTo("site");
    }

    @Test
    void sendsTheConfirmationAsPlainTextAndHtmlAlternativesReadableInTheRawMessage() throws Exception {
        String email = unique("parts");
        world.subscribeAndReceive(email);
        var message = world.messagesTo(email).getLast();

        var parts = (MimeMultipart) message.getContent();

        assertThat(message.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        for (int i = 0; i < 2; i++) {
            assertThat(parts.getBodyPart(i).getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
        }
        try (InputStream raw = message.getRawInputStream()) {
            assertThat(new String(raw.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
                    .contains("/subscriptions/confirm?token=");
        }
    }
}
