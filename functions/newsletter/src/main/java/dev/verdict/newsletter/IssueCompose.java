package dev.verdict.newsletter;

import dev.verdict.core.log.Log;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The weekly run: composes the issue of the week just ended and stores it once. A week that already has its issue is
 * left as it is (composing twice gives the same issue: the stored one); a week with nothing to say stores nothing and
 * sends nothing, and says so in its log line.
 */
@Singleton
public final class IssueCompose {

    private static final Log LOG = Log.of(IssueCompose.class);

    private final IssuesTable issues;
    private final CatalogueSource source;
    private final Deliveries deliveries;
    private final Readers readers;
    private final Clock clock;

    public IssueCompose(IssuesTable issues, CatalogueSource source, Deliveries deliveries, Readers readers, Clock clock) {
        this.issues = issues;
        this.source = source;
        this.deliveries = deliveries;
        this.readers = readers;
        this.clock = clock;
    }

    /** The run's summary, also the function's answer: the week that ended before now. */
    public Map<String, Object> run() {
        return run(clock.instant());
    }

    /**
     * @param firedAt when the schedule fired (the event's time): the issue is that of the week ended before it, however
     *                late this run is (a retry on Tuesday still composes last week's issue, not an empty one for this
     *                week). A time still to come counts as now: no week is composed before it has ended.
     */
    public Map<String, Object> run(Instant firedAt) {
        Instant now = clock.instant();
        IssueWeek week = IssueWeek.endedBefore(firedAt.isAfter(now) ? now : firedAt);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("issue", week.id());
        Optional<Issue> existing = issues.find(week.id());
        if (existing.isPresent()) {
            summary.put("outcome", "already composed");
            summary.put("sections", existing.get().sections().size());
            // A run that stopped mid-plan (a timeout, a crash) is finished by the next: planning is idempotent.
            summary.put("planned", plan(week.id(), now));
            LOG.info("issue already composed; left as it is", "issue", week.id(), "planned", summary.get("planned"));
            return summary;
        }
        Issue composed = IssueComposer.compose(week, source.comparisons(), source.community(),
                issues.previous(week.id()).map(Issue::snapshot), now);
        if (composed.isEmpty()) {
            summary.put("outcome", "nothing to say");
            LOG.info("nothing to say this week: no issue stored, nothing sent", "issue", week.id());
            return summary;
        }
        IssuesTable.Stored stored = issues.storeOnce(composed);
        summary.put("outcome", stored.created() ? "composed" : "already composed");
        summary.put("sections", stored.issue().sections().size());
        summary.put("entries", stored.issue().sections().stream().mapToInt(s -> s.entries().size()).sum());
        summary.put("planned", plan(week.id(), now));
        LOG.info(stored.created() ? "issue composed" : "issue already composed; left as it is", "issue", week.id(),
                "sections", stored.issue().sections().size(), "planned", summary.get("planned"));
        return summary;
    }

    /**
     * One delivery item per confirmed reader, each written only if absent: the items' inserts on the table's stream
     * fan the sending out (SendIssueHandler). Answers how many were new. Readers planned already are read first, so a
     * second run (a retry, a manual invoke) costs a query instead of a refused write per reader; the write stays
     * conditional for a run racing this one.
     */
    private int plan(String issueId, Instant now) {
        Set<String> already = deliveries.planned(issueId);
        int planned = 0;
        for (String reader : readers.confirmedKeys()) {
            if (!already.contains(reader) && deliveries.plan(issueId, reader, now)) {
                planned++;
            }
        }
        return planned;
    }
}
