package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check can fail: each rule of {@link OpenApiContract}, shown on a made-up answer that breaks it. */
class ApiContractTest {

    static final OpenApiContract CONTRACT = new OpenApiContract(ApiContract.document());
    static final Map<String, String> NO_STORE_JSON = Map.of("Content-Type", "application/json", "Cache-Control", "no-store");

    static List<String> check(HttpEvents request, int status, Map<String, String> headers, String body) {
        HttpAnswer answer = new HttpAnswer(status, headers, List.of(), body.getBytes(StandardCharsets.UTF_8));
        return CONTRACT.apply(ApiExchange.of(request.tree(), answer));
    }

    static List<String> challenge(String body) {
        return check(HttpEvents.request("GET", "/voters/challenge"), 200, NO_STORE_JSON, body);
    }

    @Test
    void flagsAResponseFieldOfTheWrongType() {
        assertThat(challenge("{\"algorithm\":\"SHA-256\",\"challenge\":\"c\",\"difficulty\":18,"
                + "\"expiresAt\":\"2026-11-27T08:10:00Z\"}")).isEmpty();

        assertThat(challenge("{\"algorithm\":\"SHA-256\",\"challenge\":\"c\",\"difficulty\":\"18\","
                + "\"expiresAt\":\"2026-11-27T08:10:00Z\"}"))
                .singleElement().asString().contains("/difficulty").contains("integer");
    }

    @Test
    void flagsAMissingFieldAnUndocumentedOneAndAMissingHeader() {
        assertThat(challenge("{\"algorithm\":\"SHA-256\",\"challenge\":\"c\",\"expiresAt\":\"2026-11-27T08:10:00Z\"}"))
                .singleElement().asString().contains("difficulty");
        assertThat(challenge("{\"algorithm\":\"SHA-256\",\"challenge\":\"c\",\"difficulty\":18,"
                + "\"expiresAt\":\"2026-11-27T08:10:00Z\",\"voter\":\"v\"}"))
                .singleElement().asString().contains("voter");
        assertThat(check(HttpEvents.request("GET", "/voters/challenge"), 200, Map.of("Content-Type", "application/json"),
                "{\"algorithm\":\"SHA-256\",\"challenge\":\"c\",\"difficulty\":18,\"expiresAt\":\"2026-11-27T08:10:00Z\"}"))
                .singleElement().asString().contains("Cache-Control");
    }

    @Test
    void takesNullOnlyWhereTheDocumentAllowsIt() {
        var listing = HttpEvents.request("GET", "/comparisons");
        Map<String, String> cached = Map.of("Content-Type", "application/json", "ETag", "\"abc\"",
                "Cache-Control", "public, max-age=10, stale-while-revalidate=60");

        assertThat(check(listing, 200, cached, "{\"items\":[],\"nextCursor\":null}")).isEmpty();
        assertThat(check(listing, 200, cached, "{\"items\":null,\"nextCursor\":null}")).isNotEmpty();
    }

    @Test
    void aRequestTheDocumentRefusesMustBeRefused() {
        var maybe = HttpEvents.request("PUT", "/comparisons/{slug}/votes/{toolId}").path("slug", "a-vs-b")
                .path("toolId", "a").cookie("vid=x").jsonBody("{\"verdict\":\"maybe\"}");

        assertThat(check(maybe, 200, NO_STORE_JSON, "{\"toolId\":\"a\",\"verdict\":\"ship\",\"changed\":true}"))
                .singleElement().asString().contains("calls this request invalid").contains("answered 200");
        assertThat(check(maybe, 400, Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store"),
                "{\"type\":\"/problems/400\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"'verdict' must be ship or skip.\"}"))
                .isEmpty();
    }

    @Test
    void anUndocumentedStatusOrProblemTypeIsFlagged() {
        var put = HttpEvents.request("PUT", "/comparisons/{slug}/votes/{toolId}").path("slug", "a-vs-b")
                .path("toolId", "a").jsonBody("{\"verdict\":\"ship\"}");
        Map<String, String> problem = Map.of("Content-Type", "application/problem+json", "Cache-Control", "no-store");

        assertThat(check(put, 401, problem, "{\"type\":\"http://localhost:3000/problems/voter-required\","
                + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Create a voter first.\"}")).isEmpty();
        assertThat(check(put, 401, problem, "{\"type\":\"https://httpstatuses.io/401\","
                + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Create a voter first.\"}")).isNotEmpty();
        assertThat(check(put, 409, problem, "{\"type\":\"/problems/409\","
                + "\"title\":\"Conflict\",\"status\":409,\"detail\":\"No.\"}")).isNotEmpty();
    }

    @Test
    void anUnnamedPathMustBeA404ProblemAndAnotherMethodA405WithAllow() {
        var unknown = HttpEvents.request("GET", "/{proxy+}").path("proxy", "wp-admin/setup.php");
        String notFound = "{\"type\":\"/problems/404\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"Nothing here.\"}";
        Map<String, String> problem = Map.of("Content-Type", "application/problem+json");

        assertThat(check(unknown, 404, problem, notFound)).isEmpty();
        assertThat(check(unknown, 200, Map.of("Content-Type", "text/html"), "<html></html>")).isNotEmpty();

        var patch = HttpEvents.request("PATCH", "/voters");
        String notAllowed = "{\"type\":\"/problems/405\",\"title\":\"Method Not Allowed\",\"status\":405,\"detail\":\"Use POST.\"}";
        assertThat(check(patch, 405, Map.of("Content-Type", "application/problem+json", "Allow", "OPTIONS, POST"), notAllowed))
                .isEmpty();
        assertThat(check(patch, 405, problem, notAllowed)).singleElement().asString().contains("Allow");
    }
}
