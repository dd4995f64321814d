package dev.verdict.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.aggregates.VotesStreamReader.ItemChange;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.ContentAggregates.CommunityAtCheckpoints;
import dev.verdict.core.store.VotesTable.Vote;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The cut's arithmetic on hand-made stream records: one shard "s", checkpoint at sequence 10. */
class CommunityCutTest {

    static final Map<String, Optional<BigInteger>> AT_10 = Map.of("s", Optional.of(BigInteger.TEN));

    static ItemChange change(long sequence, String item, Verdict before, Verdict after, boolean during) {
        return new ItemChange("s", 0, BigInteger.valueOf(sequence), item, Optional.of("t"),
                Optional.ofNullable(before).map(v -> new Vote("t", v)), Optional.ofNullable(after).map(v -> new Vote("t", v)),
                true, during);
    }

    static Map<String, CommunityAtCheckpoints> stored(long ship, long skip) {
        return Map.of("t", new CommunityAtCheckpoints(new Counts(ship, skip), 0, AT_10));
    }

    @Test
    void aVoteWrittenBeforeTheScanButNotYetAppliedIsLeftOutOfTheTruthAtTheCheckpoint() {
        var truth = CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.of(Map.of("t", Map.of())),
                List.of(change(11, "x", null, Verdict.SHIP, false)), stored(0, 0));

        assertThat(truth).containsEntry("t", Optional.of(Counts.ZERO));
    }

    @Test
    void aChangeAppliedAfterTheScanReadItsItemIsCountedAsTheCheckpointHasIt() {
        // x was ship when the scan read it (watched: the scan kept that), then moved to skip and the stream applied it.
        var truth = CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.of(Map.of("t", Map.of("x", Verdict.SHIP))),
                List.of(change(9, "x", Verdict.SHIP, Verdict.SKIP, true)), stored(0, 1));

        assertThat(truth).containsEntry("t", Optional.of(new Counts(0, 1)));
    }

    @Test
    void anUnwatchedToolWhoseItemChangedDuringTheScanIsUnsettled() {
        var truth = CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.of(Map.of()),
                List.of(change(12, "x", Verdict.SHIP, null, true)), stored(1, 0));

        assertThat(truth).containsEntry("t", Optional.empty());
    }

    @Test
    void anUnreadableRecordLeavesItsToolUnsettled() {
        var unreadable = new ItemChange("s", 0, BigInteger.valueOf(11), "x", Optional.of("t"), Optional.empty(),
                Optional.empty(), false, false);

        assertThat(CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.empty(), List.of(unreadable), stored(1, 0)))
                .containsEntry("t", Optional.empty());
    }

    @Test
    void aRecordFromAShardNotReadWithTheAggregateLeavesItsToolUnsettled() {
        var elsewhere = new ItemChange("other", 1, BigInteger.ONE, "x", Optional.of("t"), Optional.empty(),
                Optional.of(new Vote("t", Verdict.SHIP)), true, false);

        assertThat(CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.empty(), List.of(elsewhere), stored(1, 0)))
                .containsEntry("t", Optional.empty());
    }
    @Test
    void aRecordExactlyAtTheCheckpointIsAppliedAndOneAfterItIsNot() {
        // x inserted at 10 (the checkpoint: applied), then retracted at 11 (not yet applied); the scan saw it gone.
        var truth = CommunityCut.truth(Map.of(), Optional.of(Map.of("t", Map.of())),
                List.of(change(10, "x", null, Verdict.SHIP, false), change(11, "x", Verdict.SHIP, null, false)), stored(1, 0));

        assertThat(truth).containsEntry("t", Optional.of(new Counts(1, 0)));
    }

    @Test
    void anItemsRecordsAreTakenInShardLineageOrderBeforeSequenceNumber() {
        // x moved to skip in the parent shard (rank 0, sequence 9, applied), then back to ship in its child shard
        // (rank 1, sequence 5, not applied yet: the child's checkpoint is at 4). The aggregate holds skip; the scan saw
        // ship. By sequence number alone the child's record would come first and the skip would look like the last word.
        var inParent = new ItemChange("s", 0, BigInteger.valueOf(9), "x", Optional.of("t"),
                Optional.of(new Vote("t", Verdict.SHIP)), Optional.of(new Vote("t", Verdict.SKIP)), true, false);
        var inChild = new ItemChange("c", 1, BigInteger.valueOf(5), "x", Optional.of("t"),
                Optional.of(new Vote("t", Verdict.SKIP)), Optional.of(new Vote("t", Verdict.SHIP)), true, false);
        var stored = Map.of("t", new CommunityAtCheckpoints(new Counts(0, 1), 0,
                Map.of("s", Optional.of(BigInteger.TEN), "c", Optional.of(BigInteger.valueOf(4)))));

        var truth = CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.of(Map.of("t", Map.of())),
                List.of(inChild, inParent), stored);

        assertThat(truth).containsEntry("t", Optional.of(new Counts(0, 1)));
    }

    @Test
    void aRecordOfAShardWithoutACheckpointYetIsNotApplied() {
        var stored = Map.of("t", new CommunityAtCheckpoints(Counts.ZERO, 0, Map.of("s", Optional.<BigInteger>empty())));

        var truth = CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.of(Map.of("t", Map.of())),
                List.of(change(3, "x", null, Verdict.SHIP, false)), stored);

        assertThat(truth).containsEntry("t", Optional.of(Counts.ZERO));
    }

    @Test
    void aWatchedItemTheScanDidNotSeeCountsAsAbsentInTheRecount() {
        // y was inserted during the scan after the scan had passed its place (the scan kept nothing for it), and the
        // stream applied the insert: the truth at the checkpoint has it, the recount does not.
        var truth = CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.of(Map.of("t", Map.of("x", Verdict.SHIP))),
                List.of(change(9, "y", null, Verdict.SKIP, true)), stored(1, 1));

        assertThat(truth).containsEntry("t", Optional.of(new Counts(1, 1)));
    }

    @Test
    void aChangeAppliedBeforeTheScanAndUntouchedSinceLeavesTheRecountAsItIs() {
        var truth = CommunityCut.truth(Map.of("t", new Counts(2, 0)), Optional.empty(),
                List.of(change(8, "x", null, Verdict.SHIP, false)), stored(5, 0));

        assertThat(truth).containsEntry("t", Optional.of(new Counts(2, 0)));
    }

    @Test
    void aChangeOfAnItemWhoseToolHasNoAggregateReadLeavesThatToolUnsettledAndTheOthersSettled() {
        var elsewhere = new ItemChange("s", 0, BigInteger.valueOf(11), "y", Optional.of("u"), Optional.empty(),
                Optional.of(new Vote("u", Verdict.SHIP)), true, false);

        var truth = CommunityCut.truth(Map.of("t", new Counts(1, 0), "u", new Counts(1, 0)), Optional.empty(),
                List.of(elsewhere), stored(1, 0));

        assertThat(truth).containsEntry("u", Optional.empty()).containsEntry("t", Optional.of(new Counts(1, 0)));
    }

    @Test
    void aRecordWhoseToolCannotBeReadLeavesEveryToolUnsettled() {
        var noTool = new ItemChange("s", 0, BigInteger.valueOf(11), "?", Optional.empty(), Optional.empty(),
                Optional.empty(), false, false);

        assertThat(CommunityCut.truth(Map.of("t", new Counts(1, 0)), Optional.empty(), List.of(noTool), stored(1, 0)))
                .containsEntry("t", Optional.empty());
    }
}
