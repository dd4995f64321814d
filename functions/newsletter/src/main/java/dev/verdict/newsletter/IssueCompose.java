package dev.verdict.newsletter;

import dev.verdict.core.log.Log;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
    private final Clock clock;

    public IssueCompose(IssuesTable issues, CatalogueSource source, Clock clock) {
        this.issues = issues;
        this.source = source;
        this.clock = clock;
    }

    /** The run's summary, also the function's answer. */
    public Map<String, Object> run() {
        Instant now = clock.instant();
        IssueWeek week = IssueWeek.endedBefore(now);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("issue", week.id());
        Optional<Issue> existing = issues.find(week.id());
        if (existing.isPresent()) {
            summary.put("outcome", "already composed");
            summary.put("sections", existing.get().sections().size());
            LOG.info("issue already composed; left as it is", "issue", week.id());
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
        LOG.info(stored.created() ? "issue composed" : "issue already composed; left as it is", "issue", week.id(),
                "sections", stored.issue().sections().size());
        return summary;
    }
}
