package dev.verdict.aggregates;

import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.Settings;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.CatalogueReads;
import dev.verdict.core.store.ContentAggregates;
import dev.verdict.core.store.VotesScan;
import dev.verdict.core.store.VotesTable;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.StreamPoller;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Fresh tables loaded with the catalogue, the stream handler and recompute built as Lambda would build them, and the
 * local stack's stream poller reading the votes table's real stream into the handler, as JSON through the runtime's
 * serialization.
 */
final class AggregatesFixture implements AutoCloseable {

    final TestTables tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
            .load(CatalogueReader.fromClasspath()));
    final ContentAggregates content = new ContentAggregates(tables.client(), tables.table("ContentTable"));
    final CatalogueReads catalogue = new CatalogueReads(tables.client(), tables.table("ContentTable"), null);
    final VotesTable votes = new VotesTable(tables.client(), tables.table("VotesTable"));
    final VotesScan votesScan = new VotesScan(tables.client(), tables.table("VotesTable"));
    final VoteStreamHandler streamHandler;
    final RecomputeHandler recomputeHandler;
    final StreamPoller poller;

    AggregatesFixture(ExecutionInterceptor... interceptors) {
        this(List.of(interceptors), List.of());
    }

    /** {@code onStream} go into the stream handler's clients, {@code onRecompute} into the recompute's. */
    AggregatesFixture(List<ExecutionInterceptor> onStream, List<ExecutionInterceptor> onRecompute) {
        streamHandler = new VoteStreamHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("VoteStreamFunction", Map.of())))
                .singletons(onStream.toArray()));
        Map<String, Object> recomputeProperties = new HashMap<>(
                Settings.asProperties(tables.environment("RecomputeFunction", Map.of())));
        // Small pages, so a handful of votes spans several pages and a run can stop between them.
        recomputeProperties.put(Settings.propertyName(AggregatesFactory.RECOMPUTE_PAGE_SIZE), "2");
        recomputeHandler = new RecomputeHandler(ApplicationContext.builder().properties(recomputeProperties)
                .singletons(onRecompute.toArray()));
        var mapping = tables.template().function("VoteStreamFunction").streams().getFirst();
        poller = new StreamPoller(tables.dynamo().streamsClient(),
                StreamPoller.streamArn(tables.client(), tables.table("VotesTable")), mapping,
                LambdaHost.around(streamHandler, "VoteStreamFunction", java.time.Duration.ofSeconds(30)));
    }

    /** The community tally the API shows for a tool. */
    Tally community(String toolId) {
        return catalogue.findTool(toolId).orElseThrow().community();
    }

    /** The community aggregate as stored, whatever it is (also for tools the catalogue does not know). */
    Counts stored(String toolId) {
        return Optional.ofNullable(content.aggregates().community().get(toolId)).orElse(Counts.ZERO);
    }

    /** An exact recount from the votes table, tool by tool. */
    Map<String, Counts> recount() {
        Map<String, Counts> counts = new HashMap<>();
        for (int segment = 0; segment < 1; segment++) {
            Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
            do {
                var page = votesScan.scan(0, 1, start, 1000);
                page.votes().forEach(vote -> vote.ifPresent(v -> counts.merge(v.toolId(),
                        Counts.one(v.verdict()), Counts::plus)));
                start = page.lastKey();
            } while (start != null);
        }
        return counts;
    }

    static Counts counts(Tally tally) {
        return new Counts(tally.ship(), tally.skip());
    }

    static Verdict ship() {
        return Verdict.SHIP;
    }

    @Override
    public void close() {
        poller.close();
        streamHandler.close();
        recomputeHandler.close();
    }
}
