package dev.verdict.aggregates;

import dev.verdict.core.domain.Counts;
import dev.verdict.core.log.Log;
import dev.verdict.core.store.ContentAggregates;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Applies a shard's vote changes to the community aggregates exactly once. The batch is folded into one delta per
 * tool and written with the shard's checkpoint in one transaction conditioned on the checkpoint, so whatever Lambda
 * delivers twice is applied once. The same transaction keeps each tool's place in the community ranking and the
 * hourly trending buckets: a rank key is a function of the new counts, which an update expression cannot compute, so
 * the tools' aggregates are read first (one BatchGetItem) and each write is conditioned on the version read; a
 * concurrent writer (another shard's applier, a recompute correction) then fails the transaction, and the retry
 * reads again, so a key never disagrees with the counts it sits beside. Changes at or before the checkpoint are skipped; a batch touching more tools than
 * one transaction takes is cut into consecutive chunks, each its own exactly-once transaction.
 */
@Singleton
public final class StreamApplier {

    private static final Log LOG = Log.of(StreamApplier.class);
    /** Conflicts (a concurrent writer, throttling) are retried in place this many times before the tail is handed back. */
    static final int ATTEMPTS = 4;

    private final ContentAggregates content;
    private final Clock clock;

    public StreamApplier(ContentAggregates content, Clock clock) {
        this.content = content;
        this.clock = clock;
    }

    /**
     * @param failedAt sequence number of the first change not applied (Lambda retries from there), or empty
     * @param aggregateWrites aggregate items written, the cost figure: compare with {@code applied}
     * @param bucketWrites    hourly trending buckets written beside them (one per hour a chunk's votes fall in)
     */
    public record Outcome(Optional<String> failedAt, int applied, int skipped, int aggregateWrites, int bucketWrites) {
    }

    public Outcome apply(String shard, List<VoteChange> changes) {
        Optional<BigInteger> checkpoint = content.checkpoint(shard);
        List<VoteChange> pending = after(changes, checkpoint);
        int skipped = changes.size() - pending.size();
        int applied = 0, writes = 0, bucketWrites = 0, failures = 0;
        while (!pending.isEmpty()) {
            List<VoteChange> chunk = chunk(pending);
            Map<String, Counts> deltas = fold(chunk);
            Map<Instant, Map<String, Counts>> buckets = buckets(chunk);
            try {
                // Read now, inside the retry loop: the transaction is conditioned on these versions, so a conflict
                // means they moved, and the next attempt reads them again.
                var seen = content.seen(deltas.keySet());
                content.applyCommunityDeltas(shard, checkpoint, chunk.getLast().sequence(), deltas, seen, buckets,
                        clock.instant());
            } catch (SdkException refused) { // TransactionCanceledException (checkpoint moved, conflict), throttling, I/O
                if (++failures >= ATTEMPTS) {
                    LOG.warn("votes stream: handing changes back after failed attempts", "changes", pending.size(),
                            "attempts", failures, "errorType", refused.getClass().getSimpleName(), "reasons", reasons(refused));
                    return new Outcome(Optional.of(pending.getFirst().sequenceText()), applied, skipped, writes,
                            bucketWrites);
                }
                // Someone may have applied part of this (a redelivery racing us): re-read and skip what is done.
                Optional<BigInteger> now = content.checkpoint(shard);
                skipped += pending.size() - after(pending, now).size();
                checkpoint = now;
                pending = after(pending, now);
                pause(failures);
                continue;
            }
            checkpoint = Optional.of(chunk.getLast().sequence());
            pending = pending.subList(chunk.size(), pending.size());
            applied += chunk.size();
            writes += deltas.size();
            bucketWrites += buckets.size();
        }
        return new Outcome(Optional.empty(), applied, skipped, writes, bucketWrites);
    }

    private static List<VoteChange> after(List<VoteChange> changes, Optional<BigInteger> checkpoint) {
        return checkpoint.map(c -> changes.stream().filter(change -> change.sequence().compareTo(c) > 0).toList())
                .orElse(changes);
    }

    /** The longest prefix whose tools and hourly bucket items fit in one transaction beside the checkpoint. */
    private static List<VoteChange> chunk(List<VoteChange> pending) {
        java.util.Set<String> tools = new java.util.HashSet<>();
        Map<Instant, java.util.Set<String>> hours = new HashMap<>();
        int end = 0;
        while (end < pending.size()) {
            VoteChange next = pending.get(end);
            java.util.Set<String> withTools = new java.util.HashSet<>(tools);
            withTools.addAll(next.deltas().keySet());
            Map<Instant, java.util.Set<String>> withHours = new HashMap<>();
            hours.forEach((hour, inHour) -> withHours.put(hour, new java.util.HashSet<>(inHour)));
            next.hours().forEach((hour, byTool) -> withHours.computeIfAbsent(hour, h -> new java.util.HashSet<>())
                    .addAll(byTool.keySet()));
            if (ContentAggregates.itemsWritten(withTools, withHours) > ContentAggregates.MAX_DELTAS_PER_TRANSACTION) {
                break;
            }
            tools = withTools;
            hours = withHours;
            end++;
        }
        return new ArrayList<>(pending.subList(0, Math.max(end, 1)));
    }

    static Map<String, Counts> fold(List<VoteChange> changes) {
        Map<String, Counts> deltas = new HashMap<>();
        changes.forEach(change -> change.deltas().forEach((tool, delta) -> deltas.merge(tool, delta, Counts::plus)));
        deltas.values().removeIf(Counts::isZero);
        return deltas;
    }

    /** Per hour, per tool, the chunk's changes to the hourly buckets; hours whose changes cancel out are left out. */
    static Map<Instant, Map<String, Counts>> buckets(List<VoteChange> changes) {
        Map<Instant, Map<String, Counts>> buckets = new HashMap<>();
        changes.forEach(change -> change.hours().forEach((hour, byTool) -> byTool.forEach((tool, delta) ->
                buckets.computeIfAbsent(hour, h -> new HashMap<>()).merge(tool, delta, Counts::plus))));
        buckets.values().forEach(byTool -> byTool.values().removeIf(Counts::isZero));
        buckets.values().removeIf(Map::isEmpty);
        return buckets;
    }

    /** A cancelled transaction's reason codes (which condition failed), for the log; nothing else of the items. */
    private static String reasons(SdkException refused) {
        return refused instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()
                ? cancelled.cancellationReasons().stream().map(r -> String.valueOf(r.code())).distinct().toList().toString()
                : "";
    }

    private static void pause(int failures) {
        try {
            Thread.sleep(20L << failures);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
