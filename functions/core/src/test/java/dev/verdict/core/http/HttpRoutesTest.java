package dev.verdict.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.localkit.HttpEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing, refusals and request bodies, as every function shares them. */
class HttpRoutesTest {

    final HttpRoutes routes = HttpRoutes.builder(new Cors("https://site.example"))
            .route("PUT", "/things/{id}", request -> ApiResponse.json(200,
                    "{\"name\":\"" + JsonBodies.text(JsonBodies.object(request), "name").length() + "\"}"))
            .route("GET", "/boom", request -> {
                throw new IllegalStateException("table verdict-internal-name is gone");
            })
            .build();

    APIGatewayV2HTTPResponse put(String contentType, String body) {
        var event = HttpEvents.request("PUT", "/things/{id}").path("id", "a");
        if (contentType != null) {
            event.header("Content-Type", contentType);
        }
        return routes.handle(event.body(body, false).build());
    }

    @Test
    void acceptsAJsonObject() {
        assertThat(put("application/json; charset=utf-8", "{\"name\":\"abc\"}").getStatusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,2]", "\"text\"", "{\"name\":1}", "{\"name\":null}", "{\"name\":\"a\"} trailing",
            "{\"name\":{\"deep\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}"})
    void refusesBodiesThatAreNotTheObjectAsked(String body) {
        var response = put("application/json", body);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void refusesAnEmptyOrBlankBodySayingItIsEmpty(String body) {
        var response = put("application/json", body);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("The body is empty; a JSON object is required.");
    }

    @Test
    void acceptsABodyOfExactlySixteenKibibytesAndRefusesOneByteMore() {
        String envelope = "{\"name\":\"\"}";
        // Counted in UTF-8 bytes, not characters: "é" is two bytes.
        String atTheLimit = "{\"name\":\"" + "é".repeat(10) + "a".repeat(16 * 1024 - envelope.length() - 20) + "\"}";
        String overTheLimit = "{\"name\":\"" + "é".repeat(10) + "a".repeat(16 * 1024 - envelope.length() - 19) + "\"}";

        var accepted = put("application/json", atTheLimit);
        var refused = put("application/json", overTheLimit);

        assertThat(accepted.getStatusCode()).isEqualTo(200);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("larger than 16384 bytes");
    }

    @Test
    void refusesABodyThatIsNotJson() {
        assertThat(put("text/plain", "name=abc").getStatusCode()).isEqualTo(415);
        assertThat(put("application/x-www-form-urlencoded", "name=abc").getStatusCode()).isEqualTo(415);
    }

    @Test
    void answersOurOwnFailuresWithoutInternals() {
        var response = routes.handle(HttpEvents.request("GET", "/boom").build());

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).doesNotContain("verdict-internal-name").doesNotContain("IllegalState");
    }

    @Test
    void answersAnInvalidBase64BodyWithBadRequest() {
        var response = routes.handle(HttpEvents.request("PUT", "/things/{id}").path("id", "a")
                .header("Content-Type", "application/json").body("***not base64***", true).build());

        assertThat(response.getStatusCode()).isEqualTo(400);
    }

    @Test
    void readsABase64EncodedBodyAsItsText() {
        String encoded = java.util.Base64.getEncoder().encodeToString("{\"name\":\"héllo\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        var response = routes.handle(HttpEvents.request("PUT", "/things/{id}").path("id", "a")
                .header("Content-Type", "application/json").body(encoded, true).build());

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("{\"name\":\"5\"}");
    }

    @Test
    void readsAnEventThatCarriesNothingButWhatIsAlwaysThereAsAnEmptyRequest() {
        var bare = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent();
        var withoutHttp = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent();
        withoutHttp.setRequestContext(new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext());
        withoutHttp.setRouteKey("/things/{id}");
        var nothingInHttp = new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent();
        nothingInHttp.setRequestContext(new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext());
        nothingInHttp.getRequestContext().setHttp(new com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext.Http());

        for (var event : java.util.List.of(bare, withoutHttp, nothingInHttp)) {
            ApiRequest request = ApiRequest.from(event);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.rawPath()).isEmpty();
            assertThat(request.pathParameters()).isEmpty();
            assertThat(request.query()).isEmpty();
            assertThat(request.headers()).isEmpty();
            assertThat(request.cookie("vid")).isEmpty();
            assertThat(request.body()).isEmpty();
            assertThat(request.sourceIp()).isEmpty();
        }
        assertThat(ApiRequest.from(bare).routePath()).isEmpty();
        assertThat(ApiRequest.from(withoutHttp).routePath()).isEqualTo("/things/{id}");
        assertThat(routes.handle(bare).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aRefusalCarriesItsStatusTitleAndHeaders() {
        ApiException limited = ApiException.tooManyRequests(7);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.title()).isNotBlank();
        assertThat(limited.headers()).containsEntry("Retry-After", "7");
        assertThat(limited.toResponse().toEvent().getHeaders()).containsEntry("Retry-After", "7");
    }

    @Test
    void matchesIfNoneMatchListsAndWeakTags() {
        var caching = new Caching(10, 60);
        var fresh = caching.apply(ApiRequest.from(HttpEvents.request("GET", "/x").build()), ApiResponse.json(200, "{}"));
        String etag = fresh.headers().get("ETag");

        var conditional = caching.apply(ApiRequest.from(HttpEvents.request("GET", "/x")
                .header("If-None-Match", "\"other\", W/" + etag).build()), ApiResponse.json(200, "{}"));

        assertThat(fresh.status()).isEqualTo(200);
        assertThat(conditional.status()).isEqualTo(304);
        assertThat(conditional.body()).isNull();
    }
}
