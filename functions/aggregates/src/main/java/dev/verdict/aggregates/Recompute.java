package dev.verdict.aggregates;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.ContentTable;
import dev.verdict.core.store.ContentTable.Aggregate;
import dev.verdict.core.store.VotesTable;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Recounts every aggregate from its source items and repairs what differs: community tallies from the votes table
 * (a paginated parallel scan), panel tallies from the reviews in the content table. When the invocation is about to
 * run out of time the scan's position and partial counts are saved, and the next invocation resumes from them.
 *
 * A recount can race the stream: a vote written during the scan may be counted here before the stream handler adds it
 * to the aggregate, or the other way round. So a community difference is repaired only if the aggregate was not written
 * at all (its version did not move) from the start of the scan until a short settle after it (longer than the stream's
 * usual lag), and only with a write conditioned on that version; one that moved is looked at again by the next run.
 */
@Singleton
public final class Recompute {

    static final int SEGMENTS = 4;
    /** Stop scanning with this much time left, enough to save the cursor. */
    private static final long RESERVE_MILLIS = 3_000;

    private final VotesTable votes;
    private final ContentTable content;
    private final Clock clock;
    private final long settleMillis;
    private final int pageSize;

    public Recompute(VotesTable votes, ContentTable content, Clock clock,
                     @Value("${recompute.settle-millis:3000}") long settleMillis,
                     @Value("${recompute.page-size:1000}") int pageSize) {
        this.votes = votes;
        this.content = content;
        this.clock = clock;
        this.settleMillis = settleMillis;
        this.pageSize = pageSize;
    }

    /** Scan state, saved between invocations: where each segment stopped (null when done) and the counts so far. */
    record State(List<Map<String, String>> positions, List<Boolean> done, Map<String, long[]> counts, long scanned,
                 long startedAtMillis, Map<String, Long> communityVersionsAtStart) {
    }

    public Map<String, Object> run(LongSupplier remainingMillis) {
        long started = System.nanoTime();
        var cursor = content.recomputeCursor();
        boolean resumed = cursor.isPresent();
        State state = cursor.map(Recompute::decode).orElseGet(() -> fresh(clock.millis(), content.aggregates()));
        State scanned = scan(state, remainingMillis);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("complete", !scanned.done().contains(false));
        summary.put("resumed", resumed);
        summary.put("itemsScanned", scanned.scanned());
        if (scanned.done().contains(false)) {
            content.saveRecomputeCursor(Json.write(scanned));
            summary.put("aggregatesChecked", 0);
            summary.put("driftRepaired", 0);
        } else {
            Map<String, Counts> recount = new HashMap<>();
            scanned.counts().forEach((tool, c) -> recount.put(tool, new Counts(c[0], c[1])));
            long[] checkedAndRepaired = compareAndRepair(recount, scanned.communityVersionsAtStart());
            content.clearRecomputeCursor();
            summary.put("aggregatesChecked", checkedAndRepaired[0]);
            summary.put("driftRepaired", checkedAndRepaired[1]);
            summary.put("driftUnsettled", checkedAndRepaired[2]);
        }
        summary.put("millis", (System.nanoTime() - started) / 1_000_000);
        System.out.println("recompute: " + summary);
        System.out.println(Metrics.line("Recompute", new String[][] {
                {"RecomputeItemsScanned", summary.get("itemsScanned").toString()},
                {"AggregatesChecked", summary.get("aggregatesChecked").toString()},
                {"AggregateDrift", summary.get("driftRepaired").toString()}}));
        return summary;
    }

    private State scan(State state, LongSupplier remainingMillis) {
        ExecutorService pool = Executors.newFixedThreadPool(SEGMENTS);
        try {
            List<Future<Object[]>> segments = new ArrayList<>();
            for (int s = 0; s < SEGMENTS; s++) {
                int segment = s;
                segments.add(pool.submit(() -> scanSegment(segment, state, remainingMillis)));
            }
            List<Map<String, String>> positions = new ArrayList<>();
            List<Boolean> done = new ArrayList<>();
            Map<String, long[]> counts = new HashMap<>();
            state.counts().forEach((tool, c) -> counts.put(tool, c.clone()));
            long scanned = state.scanned();
            for (Future<Object[]> future : segments) {
                Object[] result = future.get();
                @SuppressWarnings("unchecked") Map<String, String> position = (Map<String, String>) result[0];
                positions.add(position);
                done.add((Boolean) result[1]);
                @SuppressWarnings("unchecked") Map<String, long[]> part = (Map<String, long[]>) result[2];
                part.forEach((tool, c) -> counts.merge(tool, c, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
                scanned += (Long) result[3];
            }
            return new State(positions, done, counts, scanned, state.startedAtMillis(), state.communityVersionsAtStart());
        } catch (Exception e) {
            throw new IllegalStateException("recompute scan failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One segment until its end or until time runs short: [position, done, counts, items scanned]. */
    private Object[] scanSegment(int segment, State state, LongSupplier remainingMillis) {
        if (state.done().get(segment)) {
            return new Object[] {null, true, Map.of(), 0L};
        }
        Map<String, AttributeValue> position = toKey(state.positions().get(segment));
        Map<String, long[]> counts = new HashMap<>();
        long scanned = 0;
        do {
            if (remainingMillis.getAsLong() < RESERVE_MILLIS) {
                return new Object[] {fromKey(position), false, counts, scanned};
            }
            VotesTable.ScanPage page = votes.scan(segment, SEGMENTS, position, pageSize);
            for (var vote : page.votes()) {
                scanned++;
                vote.ifPresent(v -> {
                    long[] c = counts.computeIfAbsent(v.toolId(), t -> new long[2]);
                    c[v.verdict() == dev.verdict.core.domain.Verdict.SHIP ? 0 : 1]++;
                });
            }
            position = page.lastKey();
        } while (position != null);
        return new Object[] {null, true, counts, scanned};
    }

    /** [aggregates checked, repaired, left for the next run because they moved while we looked]. */
    private long[] compareAndRepair(Map<String, Counts> communityRecount, Map<String, Long> communityVersionsAtStart) {
        var first = content.aggregates();
        Map<String, Counts[]> drifted = drift(first, communityRecount);
        long checked = 2L * tools(first, communityRecount).size();
        if (drifted.isEmpty()) {
            return new long[] {checked, 0, 0};
        }
        sleep(settleMillis);
        var second = content.aggregates();
        long repaired = 0, unsettled = 0;
        for (var entry : drifted.entrySet()) {
            String[] key = entry.getKey().split("\\|", 2);
            Aggregate aggregate = Aggregate.valueOf(key[0]);
            Counts seen = entry.getValue()[0];
            long version = first.version(aggregate, key[1]);
            // An aggregate written at any point since the scan began (its version moved) had votes in flight: the
            // recount and the aggregate may each have seen some the other did not, so it waits for the next run.
            boolean quiet = second.version(aggregate, key[1]) == version && (aggregate == Aggregate.PANEL
                    || communityVersionsAtStart.getOrDefault(key[1], 0L) == version);
            if (quiet && content.repair(key[1], aggregate, version, entry.getValue()[1], clock.instant())) {
                repaired += seen.distance(entry.getValue()[1]);
                System.out.println("recompute: repaired " + aggregate + " of " + key[1] + " from " + seen + " to "
                        + entry.getValue()[1]);
            } else {
                unsettled++;
            }
        }
        return new long[] {checked, repaired, unsettled};
    }

    /** "PANEL|tool" or "COMMUNITY|tool" → [stored, recounted], for every aggregate that differs from its recount. */
    private static Map<String, Counts[]> drift(ContentTable.AggregateSnapshot snapshot, Map<String, Counts> communityRecount) {
        Map<String, Counts[]> drifted = new LinkedHashMap<>();
        for (String tool : tools(snapshot, communityRecount)) {
            Counts community = stored(snapshot, Aggregate.COMMUNITY, tool);
            Counts communityTruth = communityRecount.getOrDefault(tool, Counts.ZERO);
            if (!community.equals(communityTruth)) {
                drifted.put("COMMUNITY|" + tool, new Counts[] {community, communityTruth});
            }
            Counts panel = stored(snapshot, Aggregate.PANEL, tool);
            Counts panelTruth = snapshot.panelFromReviews().getOrDefault(tool, Counts.ZERO);
            if (!panel.equals(panelTruth)) {
                drifted.put("PANEL|" + tool, new Counts[] {panel, panelTruth});
            }
        }
        return drifted;
    }

    private static TreeSet<String> tools(ContentTable.AggregateSnapshot snapshot, Map<String, Counts> communityRecount) {
        TreeSet<String> tools = new TreeSet<>(snapshot.toolIds());
        tools.addAll(snapshot.community().keySet());
        tools.addAll(communityRecount.keySet());
        return tools;
    }

    private static Counts stored(ContentTable.AggregateSnapshot snapshot, Aggregate aggregate, String tool) {
        return (aggregate == Aggregate.PANEL ? snapshot.panel() : snapshot.community()).getOrDefault(tool, Counts.ZERO);
    }

    private static State fresh(long now, ContentTable.AggregateSnapshot atStart) {
        List<Map<String, String>> positions = new ArrayList<>();
        List<Boolean> done = new ArrayList<>();
        for (int s = 0; s < SEGMENTS; s++) {
            positions.add(null);
            done.add(false);
        }
        Map<String, Long> versions = new HashMap<>();
        if (atStart != null) {
            atStart.community().keySet().forEach(tool -> versions.put(tool, atStart.version(Aggregate.COMMUNITY, tool)));
        }
        return new State(positions, done, Map.of(), 0, now, versions);
    }

    private static State decode(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<State>() { });
        } catch (Exception unreadable) {
            // A cursor we cannot read costs a run: aggregates written before count as in flight, so wait for the next.
            return fresh(System.currentTimeMillis(), null);
        }
    }

    private static Map<String, AttributeValue> toKey(Map<String, String> position) {
        if (position == null) {
            return null;
        }
        Map<String, AttributeValue> key = new HashMap<>();
        position.forEach((name, value) -> key.put(name, AttributeValue.fromS(value)));
        return key;
    }

    private static Map<String, String> fromKey(Map<String, AttributeValue> key) {
        if (key == null) {
            return null;
        }
        Map<String, String> position = new HashMap<>();
        key.forEach((name, value) -> position.put(name, value.s()));
        return position;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
