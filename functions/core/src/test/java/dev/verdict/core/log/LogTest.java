package dev.verdict.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.StandardOutput;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one log path: a JSON object per line that Lambda's JSON log format keeps with its level. */
class LogTest {

    @AfterEach
    void noInvocation() {
        Log.invocation(null);
    }

    @Test
    void aLineCarriesItsLevelMessageLoggerRequestIdAndFields() {
        Log.invocation("req-123");
        List<String> lines = StandardOutput.linesPrintedBy(() -> Log.of(LogTest.class).warn("signup superseded", "ref", "ab12", "attempts", 3));

        assertThat(lines).hasSize(1);
        JsonNode line = Json.readBody(lines.getFirst());
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("message").asText()).isEqualTo("signup superseded");
        assertThat(line.get("logger").asText()).isEqualTo("LogTest");
        assertThat(line.get("requestId").asText()).isEqualTo("req-123");
        assertThat(line.get("ref").asText()).isEqualTo("ab12");
        assertThat(line.get("attempts").asInt()).isEqualTo(3);
        assertThat(line.has("timestamp")).isTrue();
    }

    @Test
    void aFailureIsOneLineWithItsTypeAndStackTraceAsFields() {
        // No invocation in progress, whatever ran before in this JVM (the request id is one static field).
        Log.invocation(null);
        List<String> lines = StandardOutput.linesPrintedBy(() -> Log.of(LogTest.class).error("request failed",
                new IllegalStateException("boom\nsecond line"), "route", "GET /health"));

        assertThat(lines).as("a stack trace stays inside one JSON line").hasSize(1);
        JsonNode line = Json.readBody(lines.getFirst());
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.get("stackTrace").asText()).contains("boom").contains("LogTest");
        assertThat(line.has("requestId")).as("no invocation in progress").isFalse();
    }

    @Test
    void hostileTextInAFieldCannotBreakOutOfTheLine() {
        List<String> lines = StandardOutput.linesPrintedBy(() -> Log.of(LogTest.class).info("malformed record",
                "eventID", "x\",\"level\":\"ERROR\"}\n{\"forged\":true"));

        assertThat(lines).hasSize(1);
        JsonNode line = Json.readBody(lines.getFirst());
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.has("forged")).isFalse();
    }

    @Test
    void fieldsComeInPairs() {
        assertThatThrownBy(() -> Log.of(LogTest.class).info("odd", "ref")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metricsAreOneEmbeddedMetricFormatLineWithEveryCountDeclared() {
        List<String> lines = StandardOutput.linesPrintedBy(() -> Metrics.of("VoteStream").count("VoteRecords", 7).count("AggregateWrites", 2).emit());

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("{\"_aws\"");
        JsonNode line = Json.readBody(lines.getFirst());
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Verdict");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Source\"]]");
        assertThat(directive.get("Metrics").toString())
                .isEqualTo("[{\"Name\":\"VoteRecords\",\"Unit\":\"Count\"},{\"Name\":\"AggregateWrites\",\"Unit\":\"Count\"}]");
        assertThat(line.get("Source").asText()).isEqualTo("VoteStream");
        assertThat(line.get("VoteRecords").asLong()).isEqualTo(7);
        assertThat(line.get("AggregateWrites").asLong()).isEqualTo(2);
    }
}
