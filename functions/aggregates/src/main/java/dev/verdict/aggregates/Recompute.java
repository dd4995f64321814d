package dev.verdict.aggregates;

import dev.verdict.core.log.Log;
import dev.verdict.core.log.Metrics;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.ContentAggregates;
import dev.verdict.core.store.ContentAggregates.Aggregate;
import dev.verdict.core.store.VotesScan;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Recounts every aggregate from its source items and repairs what differs: community tallies from the votes table
 * (a paginated parallel scan), panel tallies from the reviews in the content table.
 *
 * <p>A community recount races the stream, which may deliver a vote hours after it was written (Lambda retries for up
 * to the stream's 24 h). No settle time can make a recount and an aggregate comparable; a consistent cut does
 * ({@link CommunityCut} has the argument): when the scan begins, the stream's shards are marked and their checkpoints
 * noted; when it ends, each aggregate is read in one transaction with the checkpoints it has applied, and the stream
 * is read from the noted checkpoints to its end. The records of the items that changed between the cut and the scan
 * then move the recount to exactly what each aggregate should hold at its own checkpoints. A tool whose items changed
 * while the scan ran needs to know what the scan saw of each such item: the scan keeps that for the tools it watches
 * (busy in the last hour, or unsettled last time); any other such tool is left unsettled this run and watched the
 * next. A correction is an addition conditioned on no other correction having been made meanwhile, never an
 * assignment, so deltas the stream applies between the read and the write are kept.
 *
 * <p>When the invocation is about to run out of time the scan's position and partial counts are saved and the next
 * invocation resumes; the stream's marks do not outlive an invocation, so after a resumed scan every tool whose items
 * changed since it began is left unsettled, and the others are settled as usual.
 *
 * <p>It reports {@code AggregateDrift} (votes moved), {@code AggregatesRepaired} and {@code AggregatesUnsettled}
 * (aggregates) as CloudWatch metrics; template.yaml alarms on the last two.
 */
@Singleton
public final class Recompute {

    private static final Log LOG = Log.of(Recompute.class);

    static final int SEGMENTS = 4;
    /** Stop scanning with this much time left, enough to read the stream and save the cursor. */
    private static final long RESERVE_MILLIS = 10_000;
    /** A tool whose aggregate the stream wrote this recently is watched item by item: it is likely busy now. */
    static final Duration BUSY = Duration.ofHours(1);

    private final VotesScan votes;
    private final ContentAggregates content;
    private final VotesStreamReader stream;
    private final Clock clock;
    private final int pageSize;

    /** Items per page of the scan. */
    public record PageSize(int items) {
    }

    public Recompute(VotesScan votes, ContentAggregates content, VotesStreamReader stream, Clock clock, PageSize pageSize) {
        this.votes = votes;
        this.content = content;
        this.stream = stream;
        this.clock = clock;
        this.pageSize = pageSize.items();
    }

    /**
     * Scan state, saved between invocations.
     *
     * @param positions   where each segment stopped (null when done)
     * @param counts      per tool, the votes counted so far
     * @param watched     tools whose items the scan keeps one by one
     * @param streamArn   the votes stream the checkpoints below belong to
     * @param checkpoints per shard id, the checkpoint when the scan began (absent: none yet)
     * @param resumed     whether the scan has spanned invocations (its marks and observations are then gone)
     * @param bucketsFrom the first hour (epoch seconds) whose trending buckets this scan recounts
     * @param hours       per tool, per hour (epoch seconds) from {@code bucketsFrom} on, the votes cast in it counted so
     *                    far; null in a cursor saved before buckets were recounted (that run then leaves them alone)
     */
    record State(List<Map<String, String>> positions, List<Boolean> done, Map<String, VoteCount> counts, long scanned,
                 Set<String> watched, String streamArn, Map<String, String> checkpoints, boolean resumed,
                 Long bucketsFrom, Map<String, Map<String, VoteCount>> hours) {
    }

    /**
     * A tool's votes counted by the scan so far. Its own record rather than {@link Counts}, because it is saved in the
     * cursor as JSON and must read back as it was written (Counts' {@code isZero()} would be written as a field).
     */
    record VoteCount(long ship, long skip) {
        static VoteCount one(Verdict verdict) {
            return verdict == Verdict.SHIP ? new VoteCount(1, 0) : new VoteCount(0, 1);
        }

        VoteCount plus(VoteCount other) {
            return new VoteCount(ship + other.ship, skip + other.skip);
        }

        Counts asCounts() {
            return new Counts(ship, skip);
        }
    }

    /** What one run keeps only in memory: the stream's marks, and what the scan saw of each watched item. */
    private static final class Observations {
        final Optional<VotesStreamReader.Mark> mark;
        final Map<String, Map<String, Verdict>> seen = new HashMap<>();

        Observations(Optional<VotesStreamReader.Mark> mark, Set<String> watched) {
            this.mark = mark;
            watched.forEach(tool -> seen.put(tool, new java.util.concurrent.ConcurrentHashMap<>()));
        }
    }

    public Map<String, Object> run(LongSupplier remainingMillis) {
        long started = System.nanoTime();
        var cursor = content.recomputeCursor();
        boolean resumed = cursor.isPresent();
        State state;
        Observations observations;
        if (resumed) {
            state = decode(cursor.get());
            observations = new Observations(Optional.empty(), Set.of());
        } else {
            VotesStreamReader.Mark mark = stream.mark();
            state = fresh(mark, content.aggregates());
            observations = new Observations(Optional.of(mark), state.watched());
        }
        State scanned = scan(state, observations, remainingMillis);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("complete", !scanned.done().contains(false));
        summary.put("resumed", resumed);
        summary.put("itemsScanned", scanned.scanned());
        Outcome outcome = Outcome.NONE;
        if (scanned.done().contains(false)) {
            content.saveRecomputeCursor(Json.write(new State(scanned.positions(), scanned.done(), scanned.counts(),
                    scanned.scanned(), scanned.watched(), scanned.streamArn(), scanned.checkpoints(), true,
                    scanned.bucketsFrom(), scanned.hours())));
        } else {
            outcome = compareAndRepair(scanned, observations, remainingMillis);
            content.clearRecomputeCursor();
            content.saveRecomputeWatchList(outcome.watchNext());
            summary.put("streamRecordsRead", outcome.recordsRead());
        }
        summary.put("aggregatesChecked", outcome.checked());
        summary.put("driftRepaired", outcome.drift());
        summary.put("aggregatesRepaired", outcome.repaired());
        summary.put("driftUnsettled", outcome.unsettled());
        summary.put("bucketsChecked", outcome.buckets().checked());
        summary.put("bucketsRepaired", outcome.buckets().rewritten());
        summary.put("bucketsUnsettled", outcome.buckets().unsettled());
        // After the counts are repaired: each ranked item's key then follows its repaired counts, and the trending
        // order is rewritten from the last day's buckets (it is kept by this run, not by the stream).
        var ranks = content.repairRanks(clock.instant());
        summary.put("ranksRepaired", ranks.ranksRepaired());
        summary.put("trendingWritten", ranks.trendingWritten());
        summary.put("ranksUnsettled", ranks.unsettled());
        summary.put("millis", (System.nanoTime() - started) / 1_000_000);
        LOG.info("recompute run", "summary", summary);
        Metrics.of("Recompute").count("RecomputeItemsScanned", scanned.scanned()).count("AggregatesChecked", outcome.checked())
                .count("AggregateDrift", outcome.drift()).count("AggregatesRepaired", outcome.repaired())
                .count("AggregatesUnsettled", outcome.unsettled())
                .count("RanksRepaired", ranks.ranksRepaired())
                .count("BucketsRepaired", outcome.buckets().rewritten())
                .emit();
        return summary;
    }

    /**
     * What comparing and repairing did.
     *
     * @param unsettled aggregates (panel and community) that could not be settled this run
     * @param watchNext tools the next run keeps item by item
     */
    private record Outcome(long checked, long drift, long repaired, long unsettled, Set<String> watchNext,
                           long recordsRead, ContentAggregates.BucketRepairs buckets) {
        /** A run that only scanned (it saved its cursor): nothing compared yet. */
        static final Outcome NONE = new Outcome(0, 0, 0, 0, Set.of(), 0, new ContentAggregates.BucketRepairs(0, 0, 0));
    }

    private Outcome compareAndRepair(State scanned, Observations observations, LongSupplier remainingMillis) {
        var snapshot = content.aggregates();
        Instant now = clock.instant();
        long drift = 0, repaired = 0;
        Set<String> unsettledPanels = new TreeSet<>();
        Set<String> unsettledCommunity = new TreeSet<>();

        // Panel aggregates follow the reviews, which only the content loader writes: a version check suffices.
        for (String tool : new TreeSet<>(snapshot.toolIds())) {
            Counts stored = snapshot.panel().getOrDefault(tool, Counts.ZERO);
            Counts truth = snapshot.panelFromReviews().getOrDefault(tool, Counts.ZERO);
            if (!stored.equals(truth)) {
                if (content.repair(tool, Aggregate.PANEL, snapshot.version(Aggregate.PANEL, tool), truth, now)) {
                    drift += stored.distance(truth);
                    repaired++;
                    LOG.info("repaired an aggregate", "aggregate", "PANEL", "toolId", tool, "from", stored, "to", truth);
                } else {
                    unsettledPanels.add(tool);
                }
            }
        }

        Map<String, Counts> recount = new HashMap<>();
        scanned.counts().forEach((tool, count) -> recount.put(tool, count.asCounts()));
        Map<String, Optional<BigInteger>> checkpointsAtMark = new HashMap<>();
        scanned.checkpoints().forEach((shard, sequence) -> checkpointsAtMark.put(shard,
                sequence == null || sequence.isEmpty() ? Optional.empty() : Optional.of(new BigInteger(sequence))));
        VotesStreamReader.Mark mark = observations.mark.orElseGet(() ->
                // A resumed scan: no iterator marks the moment it began, so every change read counts as during it.
                new VotesStreamReader.Mark(scanned.streamArn(), List.copyOf(scanned.checkpoints().keySet()), Map.of()));

        Set<String> tools = new TreeSet<>(snapshot.toolIds());
        tools.addAll(snapshot.community().keySet());
        tools.addAll(recount.keySet());

        // First the aggregates with their checkpoints, then the stream to its end: so the stream read reaches past
        // every checkpoint an aggregate was read with.
        List<String> scopes = stream.shardIds(mark.streamArn()).stream()
                .map(id -> VotesStreamReader.scope(mark.streamArn(), id)).toList();
        Map<String, ContentAggregates.CommunityAtCheckpoints> stored;
        try {
            stored = content.communityAtCheckpoints(tools, scopes);
        } catch (IllegalArgumentException tooManyShards) {
            stored = Map.of();
        }
        // The buckets are read after the scan and before the stream is read to its end: see repairBuckets.
        Optional<ContentAggregates.BucketsRead> buckets = scanned.hours() == null || scanned.bucketsFrom() == null
                ? Optional.empty()
                : Optional.of(content.readBuckets(latest(Instant.ofEpochSecond(scanned.bucketsFrom()),
                        now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23))), now));
        var reading = stream.readSince(mark, checkpointsAtMark, remainingMillis, observations.mark.isEmpty());
        Map<String, Optional<Counts>> truth = reading.complete() && !stored.isEmpty()
                ? CommunityCut.truth(recount, observations.mark.isPresent() ? Optional.of(observations.seen) : Optional.empty(),
                        reading.changes(), stored)
                : Map.of();
        for (String tool : tools) {
            Optional<Counts> exact = truth.getOrDefault(tool, Optional.empty());
            if (exact.isEmpty()) {
                unsettledCommunity.add(tool);
                continue;
            }
            var at = stored.get(tool);
            if (at.counts().equals(exact.get())) {
                continue;
            }
            if (content.correctCommunity(tool, exact.get().minus(at.counts()), at.repairs(), now)) {
                drift += at.counts().distance(exact.get());
                repaired++;
                LOG.info("repaired an aggregate at its stream checkpoints", "aggregate", "COMMUNITY", "toolId", tool,
                        "from", at.counts(), "to", exact.get());
            } else {
                unsettledCommunity.add(tool);
            }
        }
        // Watched next time: the tools whose community aggregate could not be settled (a panel needs no watching),
        // unless the stream itself could not be read (then watching more items would not help, and every tool would
        // be watched item by item).
        Set<String> watchNext = reading.complete() ? unsettledCommunity : content.recomputeWatchList();
        long unsettled = unsettledPanels.size() + unsettledCommunity.size();
        var bucketRepairs = buckets.map(read -> repairBuckets(scanned, read, reading))
                .orElse(new ContentAggregates.BucketRepairs(0, 0, 0));
        return new Outcome(2L * tools.size(), drift, repaired, unsettled, watchNext, reading.recordsRead(), bucketRepairs);
    }

    /**
     * Rewrites the hourly buckets that differ from the scan's recount, for the tools the stream left alone while this
     * run looked at them. A tool is settled when the stream, read from the checkpoints noted as the scan began to its
     * end after the buckets were read, holds no change of it: its every change was then applied before the scan began
     * (at or before those checkpoints), so the scan and the bucket read both saw the same, final state of its votes,
     * and a bucket that differs from the recount is wrong. A tool with changes in that stretch (a busy one) is left for
     * a later run; whatever lands after the read fails the rewrite's conditions rather than being overwritten.
     */
    private ContentAggregates.BucketRepairs repairBuckets(State scanned, ContentAggregates.BucketsRead read,
                                                          VotesStreamReader.Reading reading) {
        Set<String> busy = new HashSet<>();
        boolean anyUnknown = !reading.complete();
        for (var change : reading.changes()) {
            change.toolId().ifPresentOrElse(busy::add, () -> { });
            anyUnknown |= change.toolId().isEmpty();
        }
        if (anyUnknown) {
            return new ContentAggregates.BucketRepairs(0, 0, read.tools().size());
        }
        Map<Instant, Map<String, Counts>> truth = new HashMap<>();
        scanned.hours().forEach((tool, byHour) -> byHour.forEach((hour, count) -> truth
                .computeIfAbsent(Instant.ofEpochSecond(Long.parseLong(hour)), h -> new HashMap<>()).put(tool, count.asCounts())));
        // What it did is in the run's summary line (bucketsRepaired, bucketsUnsettled).
        return content.repairBuckets(read, truth, tool -> !busy.contains(tool));
    }

    /**
     * A scan that spanned invocations may have begun more than a day ago: the hours it counted that the trending
     * order no longer reads are left alone (their buckets are expiring anyway).
     */
    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private State scan(State state, Observations observations, LongSupplier remainingMillis) {
        ExecutorService pool = Executors.newFixedThreadPool(SEGMENTS);
        try {
            List<Future<SegmentResult>> segments = new ArrayList<>();
            for (int s = 0; s < SEGMENTS; s++) {
                int segment = s;
                segments.add(pool.submit(() -> scanSegment(segment, state, observations, remainingMillis)));
            }
            List<Map<String, String>> positions = new ArrayList<>();
            List<Boolean> done = new ArrayList<>();
            Map<String, VoteCount> counts = new HashMap<>(state.counts());
            Map<String, Map<String, VoteCount>> hours = state.hours() == null ? null : new HashMap<>();
            if (hours != null) {
                state.hours().forEach((tool, byHour) -> hours.put(tool, new HashMap<>(byHour)));
            }
            long scanned = state.scanned();
            for (Future<SegmentResult> future : segments) {
                SegmentResult result = future.get();
                positions.add(result.position());
                done.add(result.done());
                result.counts().forEach((tool, c) -> counts.merge(tool, c, VoteCount::plus));
                if (hours != null) {
                    result.hours().forEach((tool, byHour) -> byHour.forEach((hour, c) ->
                            hours.computeIfAbsent(tool, t -> new HashMap<>()).merge(hour, c, VoteCount::plus)));
                }
                scanned += result.scanned();
            }
            return new State(positions, done, counts, scanned, state.watched(), state.streamArn(), state.checkpoints(),
                    state.resumed(), state.bucketsFrom(), hours);
        } catch (Exception e) {
            throw new IllegalStateException("recompute scan failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where a segment stopped (null when done), what it counted per tool, and how many items it read. */
    private record SegmentResult(Map<String, String> position, boolean done, Map<String, VoteCount> counts,
                                 Map<String, Map<String, VoteCount>> hours, long scanned) {
    }

    /** One segment until its end or until time runs short. */
    private SegmentResult scanSegment(int segment, State state, Observations observations, LongSupplier remainingMillis) {
        if (state.done().get(segment)) {
            return new SegmentResult(null, true, Map.of(), Map.of(), 0);
        }
        Map<String, AttributeValue> position = toKey(state.positions().get(segment));
        Map<String, VoteCount> counts = new HashMap<>();
        Map<String, Map<String, VoteCount>> hours = new HashMap<>();
        Instant bucketsFrom = state.bucketsFrom() == null ? Instant.MAX : Instant.ofEpochSecond(state.bucketsFrom());
        long scanned = 0;
        do {
            if (remainingMillis.getAsLong() < RESERVE_MILLIS) {
                return new SegmentResult(fromKey(position), false, counts, hours, scanned);
            }
            VotesScan.ScanPage page = votes.scan(segment, SEGMENTS, position, pageSize);
            for (var item : page.items()) {
                scanned++;
                item.vote().ifPresent(v -> {
                    counts.merge(v.toolId(), VoteCount.one(v.verdict()), VoteCount::plus);
                    var watched = observations.seen.get(v.toolId());
                    if (watched != null) {
                        watched.put(item.item(), v.verdict());
                    }
                    item.changedAt().map(at -> at.truncatedTo(ChronoUnit.HOURS)).filter(hour -> !hour.isBefore(bucketsFrom))
                            .ifPresent(hour -> hours.computeIfAbsent(v.toolId(), t -> new HashMap<>())
                                    .merge(Long.toString(hour.getEpochSecond()), VoteCount.one(v.verdict()), VoteCount::plus));
                });
            }
            position = page.lastKey();
        } while (position != null);
        return new SegmentResult(null, true, counts, hours, scanned);
    }

    private State fresh(VotesStreamReader.Mark mark, ContentAggregates.AggregateSnapshot snapshot) {
        Instant busySince = clock.instant().minus(BUSY);
        Set<String> watched = new HashSet<>(content.recomputeWatchList());
        snapshot.communityUpdatedAt().forEach((tool, at) -> {
            if (at.isAfter(busySince)) {
                watched.add(tool);
            }
        });
        Map<String, String> checkpoints = new LinkedHashMap<>();
        for (String shard : mark.shards()) {
            checkpoints.put(shard, content.checkpoint(VotesStreamReader.scope(mark.streamArn(), shard))
                    .map(BigInteger::toString).orElse(""));
        }
        List<Map<String, String>> positions = new ArrayList<>(Collections.nCopies(SEGMENTS, null));
        List<Boolean> done = new ArrayList<>(Collections.nCopies(SEGMENTS, false));
        // The trending order reads the 24 hours up to the current one; those are the buckets recounted.
        long bucketsFrom = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23)).getEpochSecond();
        return new State(positions, done, Map.of(), 0, Set.copyOf(watched), mark.streamArn(), checkpoints, false,
                bucketsFrom, Map.of());
    }

    private State decode(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<State>() { });
        } catch (Exception unreadable) {
            // A cursor we cannot read costs a run: start again, marking the stream now.
            return fresh(stream.mark(), content.aggregates());
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
}
