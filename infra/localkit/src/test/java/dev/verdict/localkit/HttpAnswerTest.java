package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers mapped as API Gateway's HTTP API maps them for payload format 2.0. */
class HttpAnswerTest {

    static LambdaResult answer(String json) {
        return LambdaResult.success(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takesStatusHeadersCookiesAndADecodedBody() {
        HttpAnswer answer = HttpAnswer.of(answer("{\"statusCode\":201,\"headers\":{\"ETag\":\"\\\"x\\\"\"},"
                + "\"multiValueHeaders\":{\"X-Dropped\":[\"a\"]},\"cookies\":[\"vid=1; HttpOnly\"],"
                + "\"body\":\"aGk=\",\"isBase64Encoded\":true}"));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.header("etag")).isEqualTo("\"x\"");
        assertThat(answer.header("X-Dropped")).as("payload 2.0 has no multiValueHeaders").isNull();
        assertThat(answer.cookies()).isEqualTo(List.of("vid=1; HttpOnly"));
        assertThat(answer.bodyText()).isEqualTo("hi");
    }

    @Test
    void treatsJsonWithoutAStatusCodeAsTheBodyOfA200() {
        HttpAnswer answer = HttpAnswer.of(answer("{\"status\":\"ok\"}"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("content-type")).isEqualTo("application/json");
        assertThat(answer.bodyText()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void answersAFunctionErrorOrAnAnswerThatIsNotJsonWith500() {
        assertThat(HttpAnswer.of(LambdaResult.failure("java.lang.IllegalStateException", "boom", List.of())).status()).isEqualTo(500);
        assertThat(HttpAnswer.of(answer("not json")).status()).isEqualTo(500);
        assertThat(HttpAnswer.of(answer("not json")).bodyText()).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }
}
