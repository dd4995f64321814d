package dev.verdict.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What a refusal looks like to the client: a problem document whose type says what to do about it. */
class ApiExceptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefusalWithoutATypeOfItsOwnIsTypedByItsStatus() throws Exception {
        ApiResponse response = ApiException.tooManyRequests(7).toResponse();

        JsonNode problem = JSON.readTree(response.body());
        assertThat(response.status()).isEqualTo(429);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/429");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("title").asText()).isEqualTo("Too Many Requests");
        assertThat(problem.get("detail").asText()).isEqualTo("Slow down and try again in 7 seconds.");
        assertThat(response.headers()).containsEntry("Retry-After", "7")
                .containsEntry("Content-Type", ApiResponse.PROBLEM_JSON);
    }

    @Test
    void aRefusalOfANamedTypeKeepsThatType() throws Exception {
        ApiResponse response = ApiException.unauthorized("/problems/voter-required", "Create a voter first.").toResponse();

        JsonNode problem = JSON.readTree(response.body());
        assertThat(response.status()).isEqualTo(401);
        assertThat(problem.get("type").asText()).isEqualTo("/problems/voter-required");
        assertThat(problem.get("detail").asText()).isEqualTo("Create a voter first.");
    }
}
