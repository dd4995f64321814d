package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.core.config.Settings;
import dev.verdict.core.domain.Comparison;
import dev.verdict.core.store.ContentItems;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaSerialization;
import dev.verdict.localkit.TestClock;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The weekly compose as template.yaml configures it, against the template's tables in the local engine. */
class ComposeIssueHandlerTest {

    final TestTables tables = TestTables.create();
    final TestClock clock = new TestClock(Instant.parse("2026-11-30T08:00:00Z"));
    final ComposeIssueHandler handler = new ComposeIssueHandler(ApplicationContext.builder()
            .properties(Settings.asProperties(tables.environment("NewsletterComposeFunction", Map.of()))).singletons(clock));
    final IssuesTable issues = new IssuesTable(tables.client(), tables.table("NewsletterTable"));

    ComposeIssueHandlerTest() {
        putComparison("old-one", "2026-10-01T10:00:00Z", "alpha", "beta");
        putComparison("fresh-one", "2026-11-25T10:00:00Z", "gamma", "delta");
        putCommunity("alpha", 60, 40);
        putCommunity("beta", 50, 50);
    }

    @Test
    void composesTheWeekJustEndedOnceAndASecondRunLeavesItAsItIs() {
        Map<String, Object> first = handler.execute(new ScheduledEvent());

        assertThat(first).containsEntry("issue", "2026-W48").containsEntry("outcome", "composed").containsEntry("entries", 1);
        Issue stored = issues.find("2026-W48").orElseThrow();
        assertThat(stored.sections()).singleElement().satisfies(s -> assertThat(s.entries())
                .extracting(Issue.Entry::path).containsExactly("/compare/fresh-one"));

        // Votes arrive, and the schedule (or someone by hand) runs again for the same week.
        putCommunity("gamma", 30, 0);
        clock.advance(Duration.ofHours(2));
        Map<String, Object> again = handler.execute(new ScheduledEvent());

        assertThat(again).containsEntry("issue", "2026-W48").containsEntry("outcome", "already composed");
        assertThat(issues.find("2026-W48")).contains(stored);
    }

    @Test
    void anInvocationWithoutAnEventComposesTheWeekJustEnded() {
        assertThat(handler.execute(null)).containsEntry("issue", "2026-W48").containsEntry("outcome", "composed");
    }

    @Test
    void anEventRunAgainAWeekAfterItFiredStillComposesTheWeekItFiredFor() {
        // Fired Monday 30 November 08:00 and driven again by hand on Monday 7 December: W48, not the week just ended.
        clock.advance(Duration.ofDays(7).plusHours(2));

        assertThat(handler.execute(scheduledAt("2026-11-30T08:00:00Z"))).containsEntry("issue", "2026-W48");
        assertThat(handler.execute(new ScheduledEvent())).containsEntry("issue", "2026-W49");
    }

    @Test
    void aLateRunComposesTheWeekItsScheduleFiredForAndAFutureTimeCountsAsNow() {
        // Fired Monday 30 November 08:00, run (a retry) on Tuesday: still the week of 23–29 November.
        clock.advance(Duration.ofHours(26));
        assertThat(handler.execute(scheduledAt("2026-11-30T08:00:00Z"))).containsEntry("issue", "2026-W48")
                .containsEntry("outcome", "composed");

        // An event claiming a time a week ahead composes nothing early: it is taken as now, and W48 is there already.
        assertThat(handler.execute(scheduledAt("2026-12-07T08:00:00Z"))).containsEntry("issue", "2026-W48")
                .containsEntry("outcome", "already composed");
    }

    /** A Scheduled Event as EventBridge sends it, read by the runtime's own serializer. */
    private static ScheduledEvent scheduledAt(String time) {
        return (ScheduledEvent) LambdaSerialization.read(LambdaEvents.scheduled(
                LambdaEvents.ruleArn("NewsletterComposeFunction", "Weekly"), Instant.parse(time)), ScheduledEvent.class);
    }

    @Test
    void theNextIssueComparesWithThePreviousIssuesSnapshot() {
        handler.execute(new ScheduledEvent());
        // The week after: beta overtakes alpha, and alpha's comparison gets the most votes.
        putCommunity("beta", 90, 40);
        clock.advance(Duration.ofDays(7));

        Map<String, Object> summary = handler.execute(new ScheduledEvent());

        assertThat(summary).containsEntry("issue", "2026-W49").containsEntry("outcome", "composed");
        Issue w49 = issues.find("2026-W49").orElseThrow();
        assertThat(w49.sections()).extracting(Issue.Section::kind).containsExactly(Issue.Kind.MOVED, Issue.Kind.MOST_VOTED);
        assertThat(w49.sections().getFirst().entries()).singleElement()
                .satisfies(e -> assertThat(e.note()).isEqualTo("New community leader: Beta (was Alpha)."));
        assertThat(w49.sections().get(1).entries()).singleElement()
                .satisfies(e -> assertThat(e.note()).isEqualTo("30 new community votes this week."));
    }

    @Test
    void aWeekWithNothingToSayStoresNothing() {
        handler.execute(new ScheduledEvent());
        clock.advance(Duration.ofDays(7));

        Map<String, Object> summary = handler.execute(new ScheduledEvent());

        assertThat(summary).containsEntry("issue", "2026-W49").containsEntry("outcome", "nothing to say");
        assertThat(issues.find("2026-W49")).isEmpty();
        assertThat(issues.list(10, java.util.Optional.empty()).issues()).extracting(Issue::id).containsExactly("2026-W48");
    }

    private void putComparison(String slug, String published, String a, String b) {
        var comparison = new Comparison(slug, slug + " title", "Which one should you ship with?", "coding",
                Instant.parse(published), List.of(a, b), List.of());
        var names = Map.of(a, capital(a), b, capital(b));
        tables.client().putItem(r -> r.tableName(tables.table("ContentTable")).item(ContentItems.comparisonItem(comparison, names)));
    }

    private void putCommunity(String toolId, long ship, long skip) {
        var item = new HashMap<>(ContentItems.communityKey(toolId));
        item.put(ContentItems.SHIP, AttributeValue.fromN(Long.toString(ship)));
        item.put(ContentItems.SKIP, AttributeValue.fromN(Long.toString(skip)));
        item.put(ContentItems.UPDATED_AT, AttributeValue.fromS("2026-11-01T00:00:00Z"));
        tables.client().putItem(r -> r.tableName(tables.table("ContentTable")).item(item));
    }

    private static String capital(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }
}
