package dev.verdict.aggregates;

import dev.verdict.aggregates.VotesStreamReader.ItemChange;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.ContentAggregates.CommunityAtCheckpoints;
import dev.verdict.core.store.VotesTable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each community aggregate should hold at the stream checkpoints it was read with: the recount of a scan, moved
 * item by item to the checkpoints' cut with the stream's own records. Pure arithmetic; {@link Recompute} does the
 * reading and the writing.
 *
 * <h2>Why the answer is exact, whatever the stream's lag</h2>
 *
 * Write s<sub>X</sub>(p) for the state of vote item X (its tool and verdict, or absent) after every stream record of X
 * up to position p, and let c be the per-shard checkpoints a tool's aggregate A was read with (one TransactGetItems,
 * serialisable with the stream handler's transactions, so A holds exactly the deltas of the records up to c). The
 * truth the aggregate must equal is Σ<sub>X</sub> s<sub>X</sub>(c). The scan read each X once, at a moment r<sub>X</sub>
 * somewhere between the mark (the stream's ends when the scan began) and the scan's end, and its recount is
 * Σ<sub>X</sub> s<sub>X</sub>(r<sub>X</sub>). The two differ only for items with stream records between c and
 * r<sub>X</sub>, and every such record lies after the checkpoints read when the scan began (c<sub>0</sub> ≤ c, and
 * r<sub>X</sub> is after the mark), which is where the reader starts. So
 * <pre>
 *   truth = recount + Σ over items X with such records of ( s<sub>X</sub>(c) − s<sub>X</sub>(r<sub>X</sub>) )
 * </pre>
 * and for each such X:
 * <ul>
 *   <li>s<sub>X</sub>(c) is the new image of X's last record at or before c, or else the old image of its first record
 *       after c (a record is at or before c when its shard's checkpoint has reached its sequence number);</li>
 *   <li>s<sub>X</sub>(r<sub>X</sub>), when X has no record after the mark, is the new image of its last record: all of
 *       them were written before the scan began;</li>
 *   <li>when X has a record after the mark, the scan may have read it before or after that record: only what the scan
 *       itself saw can say. The scan keeps item-by-item what it saw for the tools it watches (those busy lately, or
 *       left unsettled last time); for any other tool such an item leaves the tool unsettled this run, and watched the
 *       next, so a busy tool is settled within two runs.</li>
 * </ul>
 * An unreadable record, or a stretch of the stream that could not be read, leaves its tool (or every tool) unsettled:
 * a tool is only ever corrected with a figure proven right, and an unsettled tool is merely looked at again.
 */
final class CommunityCut {

    private CommunityCut() {
    }

    /**
     * @param recount  per tool, what the scan counted
     * @param observed per watched tool, what the scan saw item by item (an item it did not see is absent); empty when
     *                 the scan spanned invocations and the observations were not kept
     * @param changes  the stream's changes from the checkpoints at the mark on, each flagged as after the mark or not
     * @param stored   per tool, the aggregate with the checkpoints it was read with
     * @return per tool, the truth at its checkpoints, or empty when it cannot be proven this run
     */
    static Map<String, Optional<Counts>> truth(Map<String, Counts> recount, Optional<Map<String, Map<String, Verdict>>> observed,
                                               List<ItemChange> changes, Map<String, CommunityAtCheckpoints> stored) {
        Map<String, List<ItemChange>> byItem = new LinkedHashMap<>();
        Set<String> unreadableTools = new HashSet<>();
        boolean anonymousUnreadable = false;
        for (ItemChange change : changes) {
            if (change.toolId().isEmpty()) {
                // Not a vote item we know how to read (no tool in its key): nothing can be said for any tool.
                anonymousUnreadable = true;
                continue;
            }
            if (!change.readable()) {
                unreadableTools.add(change.toolId().get());
            }
            byItem.computeIfAbsent(change.item(), i -> new ArrayList<>()).add(change);
        }
        Set<String> tools = new TreeSet<>(stored.keySet());
        tools.addAll(recount.keySet());
        Map<String, Counts> truth = new HashMap<>();
        Set<String> unsettled = new HashSet<>(unreadableTools);
        for (String tool : tools) {
            truth.put(tool, recount.getOrDefault(tool, Counts.ZERO));
        }
        for (List<ItemChange> itemChanges : byItem.values()) {
            itemChanges.sort(Comparator.comparingInt(ItemChange::rank).thenComparing(ItemChange::sequence));
            String tool = itemChanges.getFirst().toolId().orElseThrow();
            if (unsettled.contains(tool)) {
                continue;
            }
            CommunityAtCheckpoints at = stored.get(tool);
            if (at == null) {
                unsettled.add(tool);
                continue;
            }
            Optional<Optional<VotesTable.Vote>> atCut = stateAtCheckpoints(itemChanges, at.checkpoints());
            boolean touchedAfterMark = itemChanges.stream().anyMatch(ItemChange::during);
            boolean movedSinceCheckpoint = itemChanges.stream().anyMatch(c -> !applied(c, at.checkpoints()).orElse(false));
            if (atCut.isEmpty()) {
                unsettled.add(tool);
                continue;
            }
            if (!touchedAfterMark && !movedSinceCheckpoint) {
                continue; // every record is at or before the cut and before the scan: the scan saw the cut's state
            }
            Optional<VotesTable.Vote> seen;
            if (touchedAfterMark) {
                var watched = observed.map(o -> o.get(tool));
                if (watched.isEmpty()) {
                    unsettled.add(tool);
                    continue;
                }
                Verdict verdict = watched.get().get(itemChanges.getFirst().item());
                seen = verdict == null ? Optional.empty() : Optional.of(new VotesTable.Vote(tool, verdict));
            } else {
                seen = itemChanges.getLast().after();
            }
            truth.merge(tool, count(atCut.get()).minus(count(seen)), Counts::plus);
        }
        Map<String, Optional<Counts>> answer = new LinkedHashMap<>();
        for (String tool : tools) {
            answer.put(tool, anonymousUnreadable || unsettled.contains(tool) ? Optional.empty() : Optional.of(truth.get(tool)));
        }
        return answer;
    }

    /** The item's state at the checkpoints, or empty when a record's shard was not read with the aggregate. */
    private static Optional<Optional<VotesTable.Vote>> stateAtCheckpoints(List<ItemChange> changes,
                                                                         Map<String, Optional<BigInteger>> checkpoints) {
        ItemChange lastApplied = null;
        for (ItemChange change : changes) {
            Optional<Boolean> applied = applied(change, checkpoints);
            if (applied.isEmpty()) {
                return Optional.empty();
            }
            if (applied.get()) {
                lastApplied = change;
            } else {
                return Optional.of(lastApplied != null ? lastApplied.after() : change.before());
            }
        }
        return Optional.of(changes.getLast().after());
    }

    /** Whether the record's shard checkpoint has reached it; empty when its shard's checkpoint was not read. */
    private static Optional<Boolean> applied(ItemChange change, Map<String, Optional<BigInteger>> checkpoints) {
        Optional<BigInteger> checkpoint = checkpoints.get(change.shard());
        if (checkpoint == null) {
            return Optional.empty();
        }
        return Optional.of(checkpoint.map(c -> change.sequence().compareTo(c) <= 0).orElse(false));
    }

    private static Counts count(Optional<VotesTable.Vote> vote) {
        return vote.map(v -> Counts.one(v.verdict())).orElse(Counts.ZERO);
    }
}
