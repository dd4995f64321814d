package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.verdict.content.CatalogueReader;
import dev.verdict.core.signing.Signer;
import dev.verdict.localkit.FunctionSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness on a tiny run: it measures the real handlers, on the runtime's JSON path against the local engine, and writes every required key. */
class BenchRunTest {

    static final Signer SIGNER = new Signer("bench-run-test-key-0123456789abcdef01234");

    @Test
    void writesEveryRequiredKeyWithAFigureOrTheReasonItIsMissing(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        var options = Bench.Options.tiny(out);

        Report report = Bench.run(options, System.out);
        report.write(out);

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        for (String key : Report.REQUIRED_KEYS) {
            assertThat(json.has(key)).as(key).isTrue();
            assertThat(json.get(key).isNumber() || json.get(key).asText().startsWith(Report.NOT_MEASURED)).as(key).isTrue();
        }
        // A section that failed would only be noted in the report: none may, in this run (the warm section once stopped
        // at a mailer the bench gave no data directory, and every function after it went unmeasured).
        assertThat(json.get("notes").fieldNames()).toIterable().filteredOn(key -> key.startsWith("error.")).isEmpty();
        assertThat(json.get("coldStartMs.baseline").asText()).isEqualTo("not measured: disabled for this run (--cold-samples 0)");
        assertThat(json.get("warmP50Us.ComparisonsHandler").asDouble()).isPositive();
        assertThat(json.get("warmP99Us.ComparisonsHandler").asDouble())
                .isGreaterThanOrEqualTo(json.get("warmP50Us.ComparisonsHandler").asDouble());
        assertThat(json.get("warmOverheadRatio").asDouble()).isPositive();
        // The read handler makes exactly one Query and one BatchGetItem (its own test says so too).
        assertThat(json.get("readRequestsPerComparison").asDouble()).isEqualTo(2.0);
        // A ranking, of every tool or of one category, in any order: one Query on a ranking index.
        assertThat(json.get("readRequestsPerRanking").asDouble()).isEqualTo(1.0);
        // The Query returns the comparison's META and its reviews; the BatchGetItem each tool's META and PANEL, and the
        // COMMUNITY tally of those tools the warm stream-handler calls have voted on (from the catalogue, not today's figures).
        var sampled = CatalogueReader.fromClasspath().comparisons().stream()
                .filter(c -> c.slug().equals(SampleEvents.SLUG)).findFirst().orElseThrow();
        int partition = 1 + sampled.reviews().size();
        int tools = sampled.toolIds().size();
        int readItems = json.get("readItemsPerComparison").asInt();
        assertThat(readItems).isBetween(partition + 2 * tools + 1, partition + 3 * tools);
        // Eventually consistent reads cost half a unit per 4 KB: the Query rounds its total up once, BatchGetItem each
        // item; every catalogue item is under 4 KB, so each item costs at most a half unit and the Query at least one.
        double batchItems = readItems - partition;
        assertThat(json.get("readRcuComputedFromItemSizes").asDouble())
                .isBetween(0.5 * (1 + batchItems), 0.5 * (partition + batchItems));
        // Each vote through the handler by a voter with a cookie: the one conditional write, its change limit in it
        // (the comparison's tools were read in the discarded round and are remembered by the container).
        assertThat(json.get("voteRequestsPerVote").asDouble()).isEqualTo(1.0);
        assertThat(json.get("votesPerSecondRatio").asDouble()).isPositive();
        // 400 votes cycling over 20 tools: every batch of the backlog touches all 20 aggregates, one write each.
        double backlogWrites = json.get("aggregateWritesPerVote.backlog").asDouble() * 400;
        assertThat(backlogWrites).isCloseTo(20.0 * json.get("streamBatches.backlog").asInt(), within(1e-9));
        assertThat(json.get("aggregateWritesPerVote").asDouble()).isGreaterThanOrEqualTo(20.0 / 400);
        // At one vote a second a batch holds one vote, two at most (the 1 s batching window can catch the next): an
        // aggregate write per vote, far above the burst's figure, and a bucket per batch.
        assertThat(json.get("aggregateWritesPerVote.steady").asDouble()).isBetween(0.999, 1.0)
                .isGreaterThan(json.get("aggregateWritesPerVote").asDouble());
        assertThat(json.get("trendingBucketWritesPerVote.steady").asDouble()).isBetween(0.5, 1.0);
        // And a stream invocation per batch: one a vote or nearly, against a few per thousand in the burst.
        assertThat(json.get("streamInvocationsPerVote.steady").asDouble()).isBetween(0.5, 1.0)
                .isGreaterThan(json.get("streamInvocationsPerVote").asDouble());
        // A 5 s window folds several seconds' votes into one invocation. Each bench vote is a different tool, so the
        // aggregate writes stay one a vote; the invocations, buckets and checkpoints are what it saves.
        assertThat(json.get("aggregateWritesPerVote.steady.window5s").asDouble()).isBetween(0.999, 1.0);
        assertThat(json.get("streamInvocationsPerVote.steady.window5s").asDouble())
                .isLessThan(json.get("streamInvocationsPerVote.steady").asDouble());
        assertThat(json.get("streamItemsWrittenPerVote.steady.window5s").asDouble())
                .isLessThan(json.get("streamItemsWrittenPerVote.steady").asDouble());
        // Every confirmed reader's copy in the outbox; each costs at least its planned delivery and its sent marker.
        assertThat(json.get("newsletterMessages").asInt()).isEqualTo(200);
        assertThat(json.get("newsletterMessagesPerSecond").asDouble()).isPositive();
        assertThat(json.get("newsletterWritesPerMessage.compose").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(json.get("newsletterWritesPerMessage.send").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(json.get("trendingBucketWritesPerVote").asDouble()).isPositive();
        assertThat(json.get("recomputeItemsScanned").asInt()).isEqualTo(400);
        assertThat(json.get("recomputeDrift").asDouble()).isZero();
        assertThat(json.get("targets").get("coldStartRatio").asText()).isEqualTo("<= 1.3");
        assertThat(json.get("machine").get("cpus").asInt()).isPositive();
    }

    @Test
    void picksTheParameterisedReadAsTheRepresentativeRouteAndFillsItFromTheCatalogue() {
        var routes = List.of(new FunctionSpec.HttpRoute("GET", "/health"), new FunctionSpec.HttpRoute("ANY", "/{proxy+}"),
                new FunctionSpec.HttpRoute("GET", "/comparisons"), new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}"),
                new FunctionSpec.HttpRoute("ANY", "/comparisons/{slug}"));

        var route = SampleEvents.representativeRoute(routes).orElseThrow();
        var event = SampleEvents.http(route, 3, SIGNER).build();

        assertThat(route).isEqualTo(new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}"));
        assertThat(event.getRouteKey()).isEqualTo("GET /comparisons/{slug}");
        assertThat(event.getRawPath()).isEqualTo("/comparisons/google-scion-vs-code-llama-4");
        assertThat(event.getPathParameters()).containsEntry("slug", "google-scion-vs-code-llama-4");
        assertThat(event.getBody()).isNull();
    }

    @Test
    void givesAVoteAJsonBodyAndEachSampleItsOwnClientAddress() {
        var vote = new FunctionSpec.HttpRoute("PUT", "/comparisons/{slug}/votes/{toolId}");

        APIGatewayV2HTTPEvent first = SampleEvents.http(vote, 1, SIGNER).build();
        APIGatewayV2HTTPEvent second = SampleEvents.http(vote, 2, SIGNER).build();

        assertThat(first.getRawPath()).isEqualTo("/comparisons/google-scion-vs-code-llama-4/votes/code-llama-4");
        assertThat(first.getBody()).isEqualTo("{\"verdict\":\"ship\"}");
        assertThat(first.getHeaders()).containsEntry("content-type", "application/json");
        assertThat(first.getRequestContext().getHttp().getSourceIp())
                .isNotEqualTo(second.getRequestContext().getHttp().getSourceIp());
        assertThat(first.getCookies()).singleElement().asString().startsWith("vid=bench00000000000000001.");
        assertThat(first.getCookies()).isNotEqualTo(second.getCookies());
    }
}
