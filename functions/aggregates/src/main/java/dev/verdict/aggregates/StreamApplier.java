package dev.verdict.aggregates;

import dev.verdict.core.domain.Counts;
import dev.verdict.core.log.Log;
import dev.verdict.core.store.ContentAggregates;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Applies a shard's vote changes to the community aggregates exactly once. The batch is folded into one delta per
 * tool and written with the shard's checkpoint in one transaction conditioned on the checkpoint, so whatever Lambda
 * delivers twice is applied once. Changes at or before the checkpoint are skipped; a batch touching more tools than
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
     */
    public record Outcome(Optional<String> failedAt, int applied, int skipped, int malformed, int aggregateWrites,
                          int transactions) {
    }

    public Outcome apply(String shard, List<VoteChange> changes) {
        Optional<BigInteger> checkpoint = content.checkpoint(shard);
        List<VoteChange> pending = after(changes, checkpoint);
        int skipped = changes.size() - pending.size();
        int applied = 0, malformed = 0, writes = 0, transactions = 0, failures = 0;
        while (!pending.isEmpty()) {
            List<VoteChange> chunk = chunk(pending);
            Map<String, Counts> deltas = fold(chunk);
            try {
                content.applyCommunityDeltas(shard, checkpoint, chunk.getLast().sequence(), deltas, clock.instant());
            } catch (SdkException refused) { // TransactionCanceledException (checkpoint moved, conflict), throttling, I/O
                if (++failures >= ATTEMPTS) {
                    LOG.warn("votes stream: handing changes back after failed attempts", "changes", pending.size(),
                            "attempts", failures, "errorType", refused.getClass().getSimpleName());
                    return new Outcome(Optional.of(pending.getFirst().sequenceText()), applied, skipped, malformed,
                            writes, transactions);
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
            malformed += (int) chunk.stream().filter(VoteChange::malformed).count();
            writes += deltas.size();
            transactions++;
        }
        return new Outcome(Optional.empty(), applied, skipped, malformed, writes, transactions);
    }

    private static List<VoteChange> after(List<VoteChange> changes, Optional<BigInteger> checkpoint) {
        return checkpoint.map(c -> changes.stream().filter(change -> change.sequence().compareTo(c) > 0).toList())
                .orElse(changes);
    }

    /** The longest prefix whose tools fit in one transaction beside the checkpoint. */
    private static List<VoteChange> chunk(List<VoteChange> pending) {
        java.util.Set<String> tools = new java.util.HashSet<>();
        int end = 0;
        while (end < pending.size()) {
            java.util.Set<String> with = new java.util.HashSet<>(tools);
            with.addAll(pending.get(end).deltas().keySet());
            if (with.size() > ContentAggregates.MAX_DELTAS_PER_TRANSACTION) {
                break;
            }
            tools = with;
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

    private static void pause(int failures) {
        try {
            Thread.sleep(20L << failures);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
