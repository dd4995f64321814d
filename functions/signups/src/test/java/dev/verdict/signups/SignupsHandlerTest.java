package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.HttpEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The signup endpoints, fed real API Gateway v2 events, against the local engine, with the mailer fed by the stream. */
class SignupsHandlerTest {

    static SignupWorld world;
    static final List<String> operations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        world = new SignupWorld(new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                operations.add(context.request().getClass().getSimpleName());
            }
        });
    }

    static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.readBody(response.getBody());
    }

    static void assertProblem(APIGatewayV2HTTPResponse response, int status, String detail) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(json(response).get("detail").asText()).contains(detail);
    }

    static String unique(String name) {
        return name + "." + System.nanoTime() + "@example.com";
    }

    @Test
    void acceptsASignupAndRecordsAPendingSubscriberWithItsConsent() {
        String email = unique("Reader");
        var response = world.subscribe(email, "203.0.113.77");

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getBody()).isEqualTo("{\"status\":\"pending\"}");
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
        Map<String, AttributeValue> item = world.subscriberItem(email);
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("address").s()).isEqualTo(email);
        var consent = item.get("consent").m();
        assertThat(consent.get("source").s()).isEqualTo("google-scion-vs-code-llama-4");
        assertThat(consent.get("policy").s()).isEqualTo(Signups.PRIVACY_POLICY_VERSION);
        assertThat(consent.get("at").s()).isEqualTo(world.clock.instant().toString());
        // The client's address is kept only as a keyed hash.
        assertThat(consent.get("client").s()).matches("[0-9a-f]{32}").doesNotContain("203.0.113.77");
        assertThat(item.values().toString()).doesNotContain("203.0.113.77");
    }

    @Test
    void recordsOneSubscriberPerAddressWhateverItsCase() {
        String email = unique("case");
        world.subscribe(email.toUpperCase());
        world.subscribe(email);

        var items = world.tables.client().scan(b -> b.tableName(world.tables.table("SubscribersTable"))).items().stream()
                .filter(i -> i.get("pk").s().equalsIgnoreCase("ADDRESS#" + email)).toList();
        assertThat(items).hasSize(1);
        assertThat(items.getFirst().get("pk").s()).isEqualTo("ADDRESS#" + email.toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-address", "two@@example.com", "sp ace@example.com", "reader@localhost",
            ".dot@example.com", "reader@exa_mple.com"})
    void refusesAnInvalidAddressNamingTheFieldButNotTheAddress(String email) {
        var response = world.subscribe(email);

        assertProblem(response, 400, "'email'");
        assertThat(response.getBody()).doesNotContain(email);
    }

    @Test
    void refusesAnAddressOverTheLengthLimits() {
        assertProblem(world.subscribe("a".repeat(65) + "@example.com"), 400, "more than 64");
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + "." + "e".repeat(50) + ".com";
        assertProblem(world.subscribe("a".repeat(60) + "@" + domain), 400, "longer than 254");
    }

    @Test
    void refusesASignupWithoutConsent() {
        String email = unique("noconsent");
        for (String body : List.of(
                "{\"email\":\"" + email + "\"}",
                "{\"email\":\"" + email + "\",\"consent\":false}",
                "{\"email\":\"" + email + "\",\"consent\":\"true\"}",
                "{\"email\":\"" + email + "\",\"consent\":1}",
                "{\"email\":\"" + email + "\",\"consent\":null}")) {
            var response = world.call(HttpEvents.request("POST", "/subscriptions").jsonBody(body).sourceIp(SignupWorld.newClient()));
            assertProblem(response, 400, "'consent' must be true");
        }
        assertThat(world.subscriberItem(email)).isEmpty();
    }

    @Test
    void refusesMalformedWrongTypedAndHostileBodies() {
        Map<String, String> bodies = new HashMap<>();
        bodies.put("{\"email\":", "not valid JSON");
        bodies.put("[\"a@b.example\"]", "must be a JSON object");
        bodies.put("\"a@b.example\"", "must be a JSON object");
        bodies.put("", "empty");
        bodies.put("{\"email\":42,\"consent\":true}", "'email' must be a string");
        bodies.put("{\"email\":[\"a@b.example\"],\"consent\":true}", "'email' must be a string");
        bodies.put("{\"email\":{\"$ne\":null},\"consent\":true}", "'email' must be a string");
        bodies.put("{\"email\":\"a@b.example\",\"consent\":true,\"source\":7}", "'source'");
        bodies.put("{\"email\":\"a@b.example\",\"consent\":true,\"source\":\"../../etc\"}", "'source'");
        bodies.put("{\"email\":\"a@b.example\\r\\nBcc: x@y.example\",\"consent\":true}", "'email' contains spaces or control characters");
        bodies.put("{\"email\":\"a@b.example\",\"consent\":true}garbage", "not valid JSON");
        bodies.put("[".repeat(100) + "]".repeat(100), "not valid JSON");
        bodies.put("{\"email\":\"" + "a".repeat(20_000) + "@b.example\",\"consent\":true}", "larger than 16384 bytes");
        bodies.forEach((body, detail) -> {
            var response = world.call(HttpEvents.request("POST", "/subscriptions").jsonBody(body).sourceIp(SignupWorld.newClient()));
            assertProblem(response, 400, detail);
        });
    }

    @Test
    void refusesABodyThatIsNotJson() {
        var response = world.call(HttpEvents.request("POST", "/subscriptions")
                .header("Content-Type", "application/x-www-form-urlencoded").body("email=a%40b.example&consent=true", false)
                .sourceIp(SignupWorld.newClient()));
        assertProblem(response, 415, "application/json");
    }

    @Test
    void refusesBase64ThatIsNotBase64() {
        var response = world.call(HttpEvents.request("POST", "/subscriptions").jsonBody("%%%not-base64%%%")
                .body("%%%not-base64%%%", true).sourceIp(SignupWorld.newClient()));
        assertProblem(response, 400, "base64");
    }

    @Test
    void answersOtherMethodsWith405AndAllow() {
        var response = world.call(HttpEvents.request("DELETE", "/subscriptions"));
        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Allow", "POST, OPTIONS");
        assertThat(world.call(HttpEvents.request("PUT", "/subscriptions/unsubscribe")).getHeaders())
                .containsEntry("Allow", "GET, POST, OPTIONS");
    }

    @Test
    void givesTheSameAnswerWhateverStateTheAddressIsIn() {
        String fresh = unique("new");
        String pending = unique("pending");
        String confirmed = unique("confirmed");
        String unsubscribed = unique("unsubscribed");
        world.subscribe(pending);
        String[] tokens = world.subscribeAndReceive(confirmed);
        world.confirm(tokens[0]);
        String[] other = world.subscribeAndReceive(unsubscribed);
        world.oneClickUnsubscribe(other[1]);
        String suppressed = unique("suppressed");
        world.subscribe(suppressed);
        world.suppress(suppressed, "complaint");

        List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
        List<List<String>> requests = new ArrayList<>();
        for (String email : List.of(fresh, pending, confirmed, unsubscribed, suppressed)) {
            operations.clear();
            answers.add(world.subscribe(email));
            requests.add(List.copyOf(operations));
        }

        for (APIGatewayV2HTTPResponse answer : answers) {
            assertThat(answer.getStatusCode()).isEqualTo(202);
            assertThat(answer.getBody()).isEqualTo(answers.getFirst().getBody());
            assertThat(answer.getHeaders()).isEqualTo(answers.getFirst().getHeaders());
            assertThat(answer.getCookies()).isEqualTo(answers.getFirst().getCookies());
        }
        // The same DynamoDB work in every state, so the time taken does not tell the states apart either.
        assertThat(requests).allSatisfy(r -> assertThat(r).isEqualTo(requests.getFirst()));
        // The rate limit's UpdateItem, the read, and the subscriber's UpdateItem (of only its own attributes).
        assertThat(requests.getFirst()).containsExactly("UpdateItemRequest", "GetItemRequest", "UpdateItemRequest");
    }

    @Test
    void asksForAtMostOneConfirmationMessagePerAddressPerTenMinutes() {
        String email = unique("patient");
        world.subscribe(email);
        String first = world.subscriberItem(email).get("mailRequest").s();

        world.clock.advance(Duration.ofMinutes(9));
        assertThat(world.subscribe(email).getStatusCode()).isEqualTo(202);
        assertThat(world.subscriberItem(email).get("mailRequest").s()).isEqualTo(first);

        world.clock.advance(Duration.ofMinutes(1));
        assertThat(world.subscribe(email).getStatusCode()).isEqualTo(202);
        assertThat(world.subscriberItem(email).get("mailRequest").s()).isNotEqualTo(first);
    }

    @Test
    void confirmsWithTheLinkFromTheMessage() {
        String email = unique("confirm");
        String[] tokens = world.subscribeAndReceive(email);

        var response = world.confirm(tokens[0]);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("CONFIRMED");
        assertThat(world.subscriberItem(email).get("confirmedAt").s()).isEqualTo(world.clock.instant().toString());
    }

    @Test
    void confirmingTwiceAnswersConfirmedAndChangesNothing() {
        String email = unique("twice");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);
        var before = world.subscriberItem(email);

        world.clock.advance(Duration.ofMinutes(5));
        var again = world.confirm(tokens[0]);

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        assertThat(world.subscriberItem(email)).isEqualTo(before);
    }

    @Test
    void refusesAnExpiredConfirmationLinkThoughTheTokenIsStillStored() {
        String email = unique("late");
        String[] tokens = world.subscribeAndReceive(email);

        world.clock.advance(Duration.ofHours(48));
        var response = world.confirm(tokens[0]);

        assertProblem(response, 400, "expired");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("PENDING");
        // The engine keeps expired items (and DynamoDB removes them only eventually): the code checked the time.
        String hash = Tokens.hash(tokens[0]);
        assertThat(world.tables.client().getItem(b -> b.tableName(world.tables.table("SubscribersTable"))
                .key(Map.of("pk", AttributeValue.fromS("TOKEN#" + hash)))).item()).isNotEmpty();
    }

    @Test
    void confirmsJustBeforeTheLinkExpires() {
        String email = unique("intime");
        String[] tokens = world.subscribeAndReceive(email);

        world.clock.advance(Duration.ofHours(48).minusSeconds(1));
        assertThat(world.confirm(tokens[0]).getStatusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "short", "' OR 1=1 --",
            "<script>alert(1)</script>", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesAnUnknownOrMalformedToken(String token) {
        assertProblem(world.confirm(token), 400, "unknown");
        assertProblem(world.oneClickUnsubscribe(token), 400, "unknown");
        var show = world.call(HttpEvents.request("GET", "/subscriptions/unsubscribe").query("token", token));
        assertProblem(show, 400, "unknown");
        assertThat(show.getBody()).doesNotContain("<script>");
    }

    @Test
    void refusesALinkWithoutAToken() {
        assertProblem(world.call(HttpEvents.request("GET", "/subscriptions/confirm")), 400, "'token' is required");
        assertProblem(world.call(HttpEvents.request("POST", "/subscriptions/unsubscribe")), 400, "'token' is required");
    }

    @Test
    void anUnsubscribeTokenDoesNotConfirmAndAConfirmTokenDoesNotUnsubscribe() {
        String email = unique("crossed");
        String[] tokens = world.subscribeAndReceive(email);

        assertProblem(world.confirm(tokens[1]), 400, "unknown");
        assertProblem(world.oneClickUnsubscribe(tokens[0]), 400, "unknown");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("PENDING");
    }

    @Test
    void unsubscribesWithOneClick() {
        String email = unique("oneclick");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);

        var response = world.oneClickUnsubscribe(tokens[1]);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"status\":\"unsubscribed\"}");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("UNSUBSCRIBED");
        // Again: still fine, still unsubscribed.
        assertThat(world.oneClickUnsubscribe(tokens[1]).getStatusCode()).isEqualTo(200);
        // A confirmation link of the ended cycle cannot bring the subscription back.
        assertProblem(world.confirm(tokens[0]), 400, "unknown");
    }

    @Test
    void refusesAnOversizedUnsubscribeBody() {
        String[] tokens = world.subscribeAndReceive(unique("bigbody"));
        var response = world.call(HttpEvents.request("POST", "/subscriptions/unsubscribe").query("token", tokens[1])
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click&x=" + "y".repeat(20_000), false).sourceIp(SignupWorld.newClient()));
        assertProblem(response, 400, "larger than");
    }

    @Test
    void aGetOfTheUnsubscribeLinkOnlyShowsWhatAClickWouldDo() {
        String email = unique("scanner");
        String[] tokens = world.subscribeAndReceive(email);

        var json = world.call(HttpEvents.request("GET", "/subscriptions/unsubscribe").query("token", tokens[1]));
        var page = world.call(HttpEvents.request("GET", "/subscriptions/unsubscribe").query("token", tokens[1])
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));

        assertThat(json.getStatusCode()).isEqualTo(200);
        assertThat(json.getBody()).isEqualTo("{\"status\":\"pending\"}");
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders().get("Content-Type")).startsWith("text/html");
        assertThat(page.getBody()).contains("<form method=\"post\" action=\"?token=" + tokens[1] + "\"")
                .contains("name=\"List-Unsubscribe\" value=\"One-Click\"");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("PENDING");
    }

    @Test
    void sendsABrowserToTheSitesPageForEachOutcome() {
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        String[] tokens = world.subscribeAndReceive(unique("browser"));

        var confirmed = world.call(HttpEvents.request("POST", "/subscriptions/confirm").query("token", tokens[0])
                .header("Accept", browser).header("Content-Type", "application/x-www-form-urlencoded").body("", false));
        var again = world.openConfirmLink(tokens[0], browser);
        var unsubscribed = world.call(HttpEvents.request("POST", "/subscriptions/unsubscribe").query("token", tokens[1])
                .header("Accept", browser).header("Content-Type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click", false));
        var stale = world.openConfirmLink(tokens[0], browser);
        var unknown = world.openConfirmLink("x", browser);

        assertThat(confirmed.getStatusCode()).isEqualTo(303);
        assertThat(confirmed.getHeaders()).containsEntry("Location", "http://localhost:3000/confirmed")
                .containsEntry("Referrer-Policy", "no-referrer");
        assertThat(again.getHeaders()).containsEntry("Location", "http://localhost:3000/confirmed");
        assertThat(unsubscribed.getHeaders()).containsEntry("Location", "http://localhost:3000/unsubscribed");
        assertThat(stale.getHeaders()).containsEntry("Location", "http://localhost:3000/link-expired");
        assertThat(unknown.getHeaders()).containsEntry("Location", "http://localhost:3000/link-expired");
    }

    @Test
    void resubscribingAfterUnsubscribingStartsANewPendingCycle() {
        String email = unique("again");
        String[] first = world.subscribeAndReceive(email);
        world.confirm(first[0]);
        world.oneClickUnsubscribe(first[1]);
        String oldCycle = world.subscriberItem(email).get("cycle").s();

        world.clock.advance(Subscriber.UNSUBSCRIBED_COOLING);
        String[] second = world.subscribeAndReceive(email);

        var item = world.subscriberItem(email);
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("cycle").s()).isNotEqualTo(oldCycle);
        assertThat(item.get("consent").m().get("at").s()).isEqualTo(world.clock.instant().toString());
        assertThat(item).doesNotContainKeys("confirmedAt", "unsubscribedAt");
        assertThat(second[0]).isNotEqualTo(first[0]);
        assertThat(world.confirm(second[0]).getStatusCode()).isEqualTo(200);
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("CONFIRMED");
    }

    @Test
    void limitsSignupsPerClientWithRetryAfter() {
        String client = SignupWorld.newClient();
        for (int i = 0; i < SignupsApi.SIGNUP_LIMIT.limit(); i++) {
            assertThat(world.subscribe(unique("burst" + i), client).getStatusCode()).isEqualTo(202);
        }

        var refused = world.subscribe(unique("burst-over"), client);

        assertProblem(refused, 429, "try again");
        long retryAfter = Long.parseLong(refused.getHeaders().get("Retry-After"));
        assertThat(retryAfter).isBetween(1L, SignupsApi.SIGNUP_LIMIT.window().toSeconds());
        assertThat(world.subscribe(unique("other-client")).getStatusCode()).isEqualTo(202);
    }

    // ---- issue 12, item 4: double opt-in abuse ----

    @Test
    void refusesABodyWithoutAContentTypeAndWritesNothing() {
        String email = unique("nocontenttype");
        long limits = world.rateLimitItems();
        long subscribers = world.subscriberItems();

        var response = world.call(HttpEvents.request("POST", "/subscriptions")
                .body("{\"email\":\"" + email + "\",\"consent\":true}", false).sourceIp(SignupWorld.newClient()));
        var plain = world.call(HttpEvents.request("POST", "/subscriptions").header("Content-Type", "text/plain")
                .body("{\"email\":\"" + email + "\",\"consent\":true}", false).sourceIp(SignupWorld.newClient()));

        assertProblem(response, 415, "application/json");
        assertProblem(plain, 415, "application/json");
        assertThat(world.subscriberItem(email)).isEmpty();
        assertThat(world.subscriberItems()).isEqualTo(subscribers);
        assertThat(world.rateLimitItems()).isEqualTo(limits);
    }

    @Test
    void refusesDuplicateKeysAndWritesNothing() {
        String email = unique("first");
        String other = unique("second");
        long limits = world.rateLimitItems();

        var response = world.call(HttpEvents.request("POST", "/subscriptions").sourceIp(SignupWorld.newClient())
                .jsonBody("{\"email\":\"" + email + "\",\"email\":\"" + other + "\",\"consent\":true}"));
        var consentTwice = world.call(HttpEvents.request("POST", "/subscriptions").sourceIp(SignupWorld.newClient())
                .jsonBody("{\"email\":\"" + email + "\",\"consent\":false,\"consent\":true}"));

        assertProblem(response, 400, "not valid JSON");
        assertProblem(consentTwice, 400, "not valid JSON");
        assertThat(world.subscriberItem(email)).isEmpty();
        assertThat(world.subscriberItem(other)).isEmpty();
        assertThat(world.rateLimitItems()).isEqualTo(limits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@xn--zz.example", "reader@mail.xn--a.example"})
    void refusesPunycodeThatDoesNotDecodeAndWritesNothing(String email) {
        long limits = world.rateLimitItems();
        long subscribers = world.subscriberItems();

        var response = world.subscribe(email);

        assertProblem(response, 400, "'email' has a domain that is not a valid host name");
        assertThat(response.getBody()).doesNotContain(email);
        assertThat(world.subscriberItems()).isEqualTo(subscribers);
        assertThat(world.rateLimitItems()).isEqualTo(limits);
    }

    @Test
    void invalidSignupsDoNotCountTowardTheClientsLimit() {
        String client = SignupWorld.newClient();
        for (int i = 0; i < SignupsApi.SIGNUP_LIMIT.limit() + 5; i++) {
            assertThat(world.subscribe("not-an-address-" + i, client).getStatusCode()).isEqualTo(400);
            assertThat(world.call(HttpEvents.request("POST", "/subscriptions").sourceIp(client)
                    .body("{}", false)).getStatusCode()).isEqualTo(415);
        }

        assertThat(world.subscribe(unique("valid-after-invalid"), client).getStatusCode()).isEqualTo(202);
    }

    @Test
    void signupsRefusedForTheLimitDoNotKeepItsWindowFull() {
        String client = SignupWorld.newClient();
        for (int i = 0; i < SignupsApi.SIGNUP_LIMIT.limit(); i++) {
            world.subscribe(unique("fill" + i), client);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(world.subscribe(unique("over" + i), client).getStatusCode()).isEqualTo(429);
        }

        // The window's counter holds the ten signups recorded, not the twenty refused after them.
        var counters = world.tables.client().scan(b -> b.tableName(world.tables.table("RateLimitTable"))).items().stream()
                .filter(i -> i.get("pk").s().startsWith("signups:signup#")).map(i -> Long.parseLong(i.get("hits").n())).toList();
        assertThat(counters).allSatisfy(hits -> assertThat(hits).isLessThanOrEqualTo(SignupsApi.SIGNUP_LIMIT.limit()));
        assertThat(counters).contains((long) SignupsApi.SIGNUP_LIMIT.limit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*", "application/json", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    void aGetOfTheConfirmationLinkNeverConfirms(String accept) {
        String email = unique("scanned");
        String[] tokens = world.subscribeAndReceive(email);

        var response = world.openConfirmLink(tokens[0], accept);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("PENDING");
        if (accept.startsWith("text/html")) {
            assertThat(response.getHeaders().get("Content-Type")).startsWith("text/html");
            assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store")
                    .containsEntry("Referrer-Policy", "no-referrer");
            assertThat(response.getBody()).contains("<form method=\"post\" action=\"?token=" + tokens[0] + "\"")
                    .contains("<button type=\"submit\"");
        } else {
            assertThat(json(response).get("status").asText()).isEqualTo("pending");
            assertThat(json(response).get("confirm").asText()).contains("POST");
        }
        // The page's button, a POST of the same link, is what confirms.
        assertThat(world.confirm(tokens[0]).getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("CONFIRMED");
    }

    @Test
    void aGetOfAConfirmedLinkSaysSoAndOfAnUnknownOneIsRefused() {
        String[] tokens = world.subscribeAndReceive(unique("done"));
        world.confirm(tokens[0]);

        assertThat(world.openConfirmLink(tokens[0], "*/*").getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        assertProblem(world.openConfirmLink("A".repeat(43), "*/*"), 400, "unknown");
    }

    @Test
    void aPersonHoldingATokenIsNeverShutOutByOthersOnTheirAddress() {
        String email = unique("shared-address");
        String[] tokens = world.subscribeAndReceive(email);
        String office = SignupWorld.newClient();
        for (int i = 0; i < 70; i++) {
            world.call(HttpEvents.request(i % 2 == 0 ? "GET" : "POST", "/subscriptions/confirm")
                    .query("token", "B".repeat(43)).sourceIp(office));
        }

        var response = world.call(HttpEvents.request("POST", "/subscriptions/confirm").query("token", tokens[0])
                .sourceIp(office));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("CONFIRMED");
    }

    @Test
    void anUnsubscribedAddressIsNotMailedAgainOnANewSignupWithinTheCoolingPeriod() {
        String email = unique("left");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);
        world.oneClickUnsubscribe(tokens[1]);
        var unsubscribed = world.subscriberItem(email);
        int messages = world.messagesTo(email).size();

        world.clock.advance(Duration.ofDays(1));
        var response = world.subscribe(email);
        world.deliver();

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getBody()).isEqualTo(SignupsApi.PENDING);
        var after = world.subscriberItem(email);
        assertThat(after.get("status").s()).isEqualTo("UNSUBSCRIBED");
        assertThat(after.get("cycle")).isEqualTo(unsubscribed.get("cycle"));
        assertThat(after.get("consent")).isEqualTo(unsubscribed.get("consent"));
        assertThat(after.get("mailRequest")).isEqualTo(unsubscribed.get("mailRequest"));
        assertThat(world.messagesTo(email)).hasSize(messages);
    }

    @Test
    void answersCorsPreflight() {
        var response = world.call(HttpEvents.request("OPTIONS", "/subscriptions"));
        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(response.getHeaders()).containsEntry("Access-Control-Allow-Origin", "http://localhost:3000");
    }

    // ---- issue 18: what a repeated signup changes in each state, and the link endpoints' edges ----

    @Test
    void aSignupForAConfirmedAddressChangesNothingButTheTimeOfTheRequest() {
        String email = unique("settled");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);
        var before = world.subscriberItem(email);

        world.clock.advance(Subscriber.MAIL_INTERVAL.plusMinutes(1));
        var response = world.call(HttpEvents.request("POST", "/subscriptions").sourceIp(SignupWorld.newClient())
                .jsonBody("{\"email\":\"" + email.toUpperCase() + "\",\"source\":\"another-page\",\"consent\":true}"));
        world.deliver();

        assertThat(response.getStatusCode()).isEqualTo(202);
        var after = new HashMap<>(world.subscriberItem(email));
        assertThat(after.remove("lastRequestAt").s()).isEqualTo(world.clock.instant().toString());
        assertThat(Long.parseLong(after.remove("version").n())).isEqualTo(Long.parseLong(before.get("version").n()) + 1);
        var unchanged = new HashMap<>(before);
        unchanged.remove("lastRequestAt");
        unchanged.remove("version");
        assertThat(after).as("status, cycle, consent, address as typed, mail request: all as confirmed").isEqualTo(unchanged);
        assertThat(world.messagesTo(email)).hasSize(1);
    }

    @Test
    void aRepeatedSignupWhilePendingRenewsTheConsentAndTakesTheAddressAsTypedAgain() {
        String email = unique("renewed");
        world.subscribe(email);
        var before = world.subscriberItem(email);

        world.clock.advance(Duration.ofMinutes(3));
        String retyped = email.replace("renewed", "Renewed");
        var response = world.call(HttpEvents.request("POST", "/subscriptions").sourceIp("203.0.113.9")
                .jsonBody("{\"email\":\"" + retyped + "\",\"source\":\"another-page\",\"consent\":true}"));

        assertThat(response.getStatusCode()).isEqualTo(202);
        var after = world.subscriberItem(email);
        assertThat(after.get("status").s()).isEqualTo("PENDING");
        assertThat(after.get("address").s()).isEqualTo(retyped);
        assertThat(after.get("cycle")).isEqualTo(before.get("cycle"));
        assertThat(after.get("createdAt")).isEqualTo(before.get("createdAt"));
        assertThat(after.get("updatedAt").s()).isEqualTo(world.clock.instant().toString());
        assertThat(after.get("consent").m().get("at").s()).isEqualTo(world.clock.instant().toString());
        assertThat(after.get("consent").m().get("source").s()).isEqualTo("another-page");
        assertThat(after.get("consent").m().get("client")).isNotEqualTo(before.get("consent").m().get("client"));
        // Within the mail interval: still the first request's message, no second one.
        assertThat(after.get("mailRequest")).isEqualTo(before.get("mailRequest"));
    }

    @Test
    void aBrowserOpeningTheUnsubscribeLinkOfAConfirmedSubscriptionGetsTheButtonAndNothingChanges() {
        String email = unique("confirmed-scan");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);
        var before = world.subscriberItem(email);

        var page = world.call(HttpEvents.request("GET", "/subscriptions/unsubscribe").query("token", tokens[1])
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").sourceIp(SignupWorld.newClient()));
        var program = world.call(HttpEvents.request("GET", "/subscriptions/unsubscribe").query("token", tokens[1])
                .sourceIp(SignupWorld.newClient()));

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'")
                .containsEntry("Cache-Control", "no-store").containsEntry("Referrer-Policy", "no-referrer");
        assertThat(page.getBody()).contains("<form method=\"post\" action=\"?token=" + tokens[1] + "\"");
        assertThat(program.getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        assertThat(program.getHeaders()).containsEntry("Cache-Control", "no-store");
        assertThat(world.subscriberItem(email)).isEqualTo(before);
    }

    @Test
    void aLinkPostTakesABodyUpToTheSizeLimitAndRefusesOneByteMoreChangingNothing() {
        String email = unique("body-limit");
        String[] tokens = world.subscribeAndReceive(email);
        var before = world.subscriberItem(email);
        String atLimit = "x".repeat(dev.verdict.core.http.JsonBodies.MAX_BYTES);

        var bigConfirm = world.call(HttpEvents.request("POST", "/subscriptions/confirm").query("token", tokens[0])
                .header("Content-Type", "application/x-www-form-urlencoded").body(atLimit + "x", false));
        var bigUnsubscribe = world.call(HttpEvents.request("POST", "/subscriptions/unsubscribe").query("token", tokens[1])
                .header("Content-Type", "application/x-www-form-urlencoded").body(atLimit + "x", false));

        assertProblem(bigConfirm, 400, "larger than 16384 bytes");
        assertProblem(bigUnsubscribe, 400, "larger than 16384 bytes");
        assertThat(world.subscriberItem(email)).as("nothing written").isEqualTo(before);

        var confirmed = world.call(HttpEvents.request("POST", "/subscriptions/confirm").query("token", tokens[0])
                .header("Content-Type", "application/x-www-form-urlencoded").body(atLimit, false));
        assertThat(confirmed.getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("CONFIRMED");
    }
}
