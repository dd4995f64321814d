package dev.verdict.votes;

import dev.verdict.localkit.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.Settings;
import dev.verdict.core.signing.Signer;
import dev.verdict.core.store.ContentItems;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which tools a vote may name: those the comparison sets side by side, as the content table says, remembered by a warm
 * container for a minute; and nothing is read for a path that cannot name a comparison or a tool.
 */
class ComparisonToolsTest {

    static final String SLUG = "aider-vs-continue";

    final TestTables tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
            .load(CatalogueReader.fromClasspath()));
    final TestClock clock = new TestClock(Instant.parse("2026-11-27T09:00:00Z"));
    final List<String> requests = new CopyOnWriteArrayList<>();

    ComparisonToolsTest() {
    }

    VotesHandler handler() {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                requests.add(context.request().getClass().getSimpleName());
            }
        };
        return new VotesHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("VotesFunction", Map.of())))
                .singletons(clock, counter));
    }

    /** A vote by a voter who already has a cookie. */
    static APIGatewayV2HTTPResponse vote(VotesHandler handler, String slug, String toolId) {
        String voter = "ComparisonToolsVoter00";
        String cookie = "vid=" + voter + "." + new Signer(TestTables.SIGNING_KEY).sign("voter", voter);
        return HttpEvents.request("PUT", VotesApi.PATH).path("slug", slug).path("toolId", toolId)
                .sourceIp("198.51.100.61").cookie(cookie).jsonBody("{\"verdict\":\"ship\"}").sendTo(handler);
    }

    @Test
    void takesAToolAddedToAComparisonOnceTheRememberedListIsAMinuteOld() {
        try (var handler = handler()) {
            assertThat(vote(handler, SLUG, "google-scion").getStatusCode()).isEqualTo(404);
            // The catalogue is reloaded with a third tool in the comparison.
            tables.client().updateItem(b -> b.tableName(tables.table("ContentTable"))
                    .key(ContentItems.key(ContentItems.comparisonKey(SLUG), ContentItems.META))
                    .updateExpression("SET toolIds = list_append(toolIds, :more)")
                    .expressionAttributeValues(Map.of(":more", AttributeValue.fromL(List.of(AttributeValue.fromS("google-scion"))))));

            clock.advance(Duration.ofSeconds(60));
            var withinTheMinute = vote(handler, SLUG, "google-scion");
            clock.advance(Duration.ofSeconds(1));
            var afterIt = vote(handler, SLUG, "google-scion");

            assertThat(withinTheMinute.getStatusCode()).as("still the remembered list").isEqualTo(404);
            assertThat(afterIt.getStatusCode()).isEqualTo(200);
        }
    }

    @Test
    void refusesAPathThatCannotNameAComparisonOrAToolBeforeReadingAnything() {
        try (var handler = handler()) {
            for (String hostile : List.of("../../etc", "UPPER", "a b", "<script>", "x".repeat(300))) {
                assertThat(vote(handler, hostile, "aider").getStatusCode()).as(hostile).isEqualTo(404);
                assertThat(vote(handler, SLUG, hostile).getStatusCode()).as(hostile).isEqualTo(404);
            }

            assertThat(requests).as("no DynamoDB request").isEmpty();
        }
    }
}
