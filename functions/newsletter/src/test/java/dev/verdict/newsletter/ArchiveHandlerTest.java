package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.config.Settings;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The archive handler, fed API Gateway v2 events (each exchange checked against openapi.yaml), on the local engine. */
class ArchiveHandlerTest {

    static TestTables tables;
    static ArchiveHandler handler;

    @BeforeAll
    static void storeThreeIssues() {
        tables = TestTables.create();
        var issues = new IssuesTable(tables.client(), tables.table("NewsletterTable"));
        for (int week = 46; week <= 48; week++) {
            var w = new IssueWeek(2026, week);
            var moved = IssueComposerTest.comparison("fresh", w.start().plusSeconds(60).toString(), "c", "d");
            issues.storeOnce(IssueComposer.compose(w, List.of(moved), Map.of("c", new Counts(week, 1)), Optional.empty(),
                    w.end().plusSeconds(8 * 3600)));
        }
        handler = new ArchiveHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("NewsletterArchiveFunction", Map.of()))));
    }

    static APIGatewayV2HTTPResponse get(HttpEvents event) {
        return event.sendTo(handler);
    }

    @Test
    void listsIssuesNewestFirstAPageAtATime() {
        var first = get(HttpEvents.request("GET", "/newsletter/issues").query("limit", "2"));

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getHeaders().get("Cache-Control")).startsWith("public");
        JsonNode page = Json.readBody(first.getBody());
        assertThat(page.get("items").findValuesAsText("id")).containsExactly("2026-W48", "2026-W47");
        assertThat(page.get("items").get(0).get("subject").asText()).isEqualTo("Weekly AI Tool Verdicts: 2026-W48");
        assertThat(page.get("items").get(0).get("publishedAt").asText()).isEqualTo("2026-11-30T08:00:00Z");

        var second = get(HttpEvents.request("GET", "/newsletter/issues").query("limit", "2")
                .query("cursor", page.get("nextCursor").asText()));
        JsonNode last = Json.readBody(second.getBody());
        assertThat(last.get("items").findValuesAsText("id")).containsExactly("2026-W46");
        assertThat(last.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void aPageThatHoldsTheLastIssueExactlyHasNoNextCursor() {
        JsonNode page = Json.readBody(get(HttpEvents.request("GET", "/newsletter/issues").query("limit", "3")).getBody());

        assertThat(page.get("items").findValuesAsText("id")).containsExactly("2026-W48", "2026-W47", "2026-W46");
        assertThat(page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void oneIssueIsWhatWasSentWithoutAnythingPersonal() {
        var response = get(HttpEvents.request("GET", "/newsletter/issues/{id}").path("id", "2026-W48"));

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode issue = Json.readBody(response.getBody());
        assertThat(issue.get("weekStart").asText()).isEqualTo("2026-11-23T00:00:00Z");
        JsonNode entry = issue.get("sections").get(0).get("entries").get(0);
        assertThat(entry.get("path").asText()).isEqualTo("/compare/fresh");
        assertThat(entry.get("tools").get(0).get("votes").asLong()).isEqualTo(49);
        assertThat(response.getBody()).doesNotContain("unsubscribe").doesNotContain("@").doesNotContain("snapshot");

        var again = get(HttpEvents.request("GET", "/newsletter/issues/{id}").path("id", "2026-W48")
                .header("If-None-Match", response.getHeaders().get("ETag")));
        assertThat(again.getStatusCode()).isEqualTo(304);
    }

    @Test
    void anUnknownOrMalformedIdIsNotFoundAndABadCursorIsRefused() {
        assertThat(get(HttpEvents.request("GET", "/newsletter/issues/{id}").path("id", "2026-W49")).getStatusCode()).isEqualTo(404);
        assertThat(get(HttpEvents.request("GET", "/newsletter/issues/{id}").path("id", "latest")).getStatusCode()).isEqualTo(404);
        assertThat(get(HttpEvents.request("GET", "/newsletter/issues").query("cursor", "ISSUE#x")).getStatusCode()).isEqualTo(400);
        assertThat(get(HttpEvents.request("GET", "/newsletter/issues").query("limit", "0")).getStatusCode()).isEqualTo(400);
    }

    @Test
    void takesAnyLimitFromOneToAHundredAndRefusesTheRest() {
        JsonNode one = Json.readBody(get(HttpEvents.request("GET", "/newsletter/issues").query("limit", "1")).getBody());
        assertThat(one.get("items").findValuesAsText("id")).containsExactly("2026-W48");
        assertThat(one.get("nextCursor").isNull()).isFalse();
        JsonNode hundred = Json.readBody(get(HttpEvents.request("GET", "/newsletter/issues").query("limit", "100")).getBody());
        assertThat(hundred.get("items").findValuesAsText("id")).containsExactly("2026-W48", "2026-W47", "2026-W46");

        for (String refused : List.of("101", "-1", "1000", "2.5", " 3")) {
            var response = get(HttpEvents.request("GET", "/newsletter/issues").query("limit", refused));
            assertThat(response.getStatusCode()).as("limit=%s", refused).isEqualTo(400);
            assertThat(response.getHeaders().get("Content-Type")).startsWith("application/problem+json");
        }
    }

    @Test
    void anEmptyLimitOrCursorIsTakenAsNoneGiven() {
        var response = get(HttpEvents.request("GET", "/newsletter/issues").query("limit", "").query("cursor", ""));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Json.readBody(response.getBody()).get("items").findValuesAsText("id"))
                .containsExactly("2026-W48", "2026-W47", "2026-W46");
    }
}
