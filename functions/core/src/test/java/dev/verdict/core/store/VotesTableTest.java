package dev.verdict.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.VotesTable.ChangeLimit;
import dev.verdict.core.store.VotesTable.Vote;
import dev.verdict.core.store.VotesTable.Written;
import dev.verdict.core.store.VotesTable.Written.Result;
import dev.verdict.localkit.TestTables;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The votes table's writes against the local engine, read back as stored, and its item mapping. */
class VotesTableTest {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final ChangeLimit TEN_MINUTES = new ChangeLimit(Duration.ofMinutes(10));

    TestTables tables;
    VotesTable votes;

    @BeforeEach
    void tables() {
        tables = TestTables.create();
        votes = new VotesTable(tables.client(), tables.table("VotesTable"));
    }

    Map<String, AttributeValue> stored(String voterId, String toolId) {
        var response = tables.client().getItem(b -> b.tableName(tables.table("VotesTable")).key(VotesTable.key(voterId, toolId)));
        return response.hasItem() ? response.item() : Map.of();
    }

    @Test
    void writesToTheTableItIsGiven() {
        assertThat(votes.tableName()).isEqualTo(tables.table("VotesTable"));
    }

    @Test
    void aFirstVoteIsStoredWithWhereAndWhenItWasCast() {
        boolean changed = votes.put("v1", "aider", Verdict.SHIP, "aider-vs-continue", T0);

        assertThat(changed).isTrue();
        assertThat(stored("v1", "aider")).containsEntry("toolId", AttributeValue.fromS("aider"))
                .containsEntry("verdict", AttributeValue.fromS("ship"))
                .containsEntry("comparison", AttributeValue.fromS("aider-vs-continue"))
                .containsEntry("votedAt", AttributeValue.fromS("2026-11-01T10:00:00Z"))
                .containsEntry("changedAt", AttributeValue.fromN(Long.toString(T0.toEpochMilli())));
    }

    @Test
    void theSameVerdictAgainChangesNothingAndADifferentOneReplacesIt() {
        votes.put("v1", "aider", Verdict.SHIP, "aider-vs-continue", T0);

        boolean again = votes.put("v1", "aider", Verdict.SHIP, "other-page", T0.plusSeconds(5));
        assertThat(again).isFalse();
        assertThat(stored("v1", "aider")).containsEntry("comparison", AttributeValue.fromS("aider-vs-continue"));

        boolean changed = votes.put("v1", "aider", Verdict.SKIP, "other-page", T0.plusSeconds(6));
        assertThat(changed).isTrue();
        assertThat(stored("v1", "aider")).containsEntry("verdict", AttributeValue.fromS("skip"))
                .containsEntry("comparison", AttributeValue.fromS("other-page"));
    }

    @Test
    void aRetractionRemovesTheVoteAndSaysWhetherThereWasOne() {
        votes.put("v1", "aider", Verdict.SHIP, "aider-vs-continue", T0);

        assertThat(votes.retract("v1", "aider")).isTrue();
        assertThat(stored("v1", "aider")).isEmpty();
        assertThat(votes.retract("v1", "aider")).isFalse();
        assertThat(votes.retract("v2", "never-voted")).isFalse();
    }

    @Test
    void underTheLimitAFirstVoteCountsAndTheSameVerdictAgainIsUnchangedNotLimited() {
        Written first = votes.put("v1", "aider", Verdict.SHIP, "c", T0, TEN_MINUTES);
        Written same = votes.put("v1", "aider", Verdict.SHIP, "c", T0.plusSeconds(1), TEN_MINUTES);

        assertThat(first).isEqualTo(new Written(Result.CHANGED, Optional.empty()));
        assertThat(first.changed()).isTrue();
        assertThat(same).isEqualTo(new Written(Result.UNCHANGED, Optional.empty()));
        assertThat(same.changed()).isFalse();
    }

    @Test
    void aChangeWithinTheIntervalIsRefusedUntilTheIntervalAfterTheLastWrite() {
        votes.put("v1", "aider", Verdict.SHIP, "c", T0, TEN_MINUTES);

        Written refused = votes.put("v1", "aider", Verdict.SKIP, "c", T0.plus(Duration.ofMinutes(9)), TEN_MINUTES);

        assertThat(refused).isEqualTo(new Written(Result.LIMITED, Optional.of(T0.plus(Duration.ofMinutes(10)))));
        assertThat(refused.changed()).isFalse();
        assertThat(stored("v1", "aider")).containsEntry("verdict", AttributeValue.fromS("ship"))
                .containsEntry("changedAt", AttributeValue.fromN(Long.toString(T0.toEpochMilli())));
    }

    @Test
    void aChangeExactlyTheIntervalAfterTheLastWriteIsAllowed() {
        votes.put("v1", "aider", Verdict.SHIP, "c", T0, TEN_MINUTES);

        Written changed = votes.put("v1", "aider", Verdict.SKIP, "c", T0.plus(Duration.ofMinutes(10)), TEN_MINUTES);

        assertThat(changed.result()).isEqualTo(Result.CHANGED);
        assertThat(stored("v1", "aider")).containsEntry("verdict", AttributeValue.fromS("skip"));
    }

    @Test
    void aRetractionWithinTheIntervalIsRefusedAndOneAfterItRemovesTheVote() {
        votes.put("v1", "aider", Verdict.SHIP, "c", T0, TEN_MINUTES);

        Written early = votes.retract("v1", "aider", T0.plus(Duration.ofMinutes(3)), TEN_MINUTES);
        assertThat(early).isEqualTo(new Written(Result.LIMITED, Optional.of(T0.plus(Duration.ofMinutes(10)))));
        assertThat(stored("v1", "aider")).isNotEmpty();

        Written later = votes.retract("v1", "aider", T0.plus(Duration.ofMinutes(10)), TEN_MINUTES);
        assertThat(later).isEqualTo(new Written(Result.CHANGED, Optional.empty()));
        assertThat(stored("v1", "aider")).isEmpty();
    }

    @Test
    void retractingUnderTheLimitAVoteThatDoesNotExistIsUnchanged() {
        Written none = votes.retract("v1", "aider", T0, TEN_MINUTES);

        assertThat(none).isEqualTo(new Written(Result.UNCHANGED, Optional.empty()));
    }

    @Test
    void aVoteWrittenBeforeTheLimitExistedCanChangeAtOnce() {
        Map<String, AttributeValue> old = new HashMap<>(VotesTable.key("v1", "aider"));
        old.put("toolId", AttributeValue.fromS("aider"));
        old.put("verdict", AttributeValue.fromS("ship"));
        tables.client().putItem(b -> b.tableName(tables.table("VotesTable")).item(old));

        Written changed = votes.put("v1", "aider", Verdict.SKIP, "c", T0, TEN_MINUTES);

        assertThat(changed.result()).isEqualTo(Result.CHANGED);
    }

    static Map<String, String> image(String... namesAndValues) {
        Map<String, String> image = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            image.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return image;
    }

    @Test
    void readsAVoteFromAnImageWithATool() {
        assertThat(VotesTable.vote(image("toolId", "aider", "verdict", "skip")::get))
                .contains(new Vote("aider", Verdict.SKIP));
    }

    @Test
    void anImageWithoutAToolOrAKnownVerdictIsNoVote() {
        assertThat(VotesTable.vote(image("verdict", "ship")::get)).isEmpty();
        assertThat(VotesTable.vote(image("toolId", "", "verdict", "ship")::get)).isEmpty();
        assertThat(VotesTable.vote(image("toolId", "aider", "verdict", "maybe")::get)).isEmpty();
        assertThat(VotesTable.vote(image("toolId", "aider")::get)).isEmpty();
    }

    @Test
    void anItemsIdentityIsItsKeySoTheSameItemMatchesAndOthersDoNot() {
        String one = VotesTable.item(image("pk", "VOTER#v1", "sk", "TOOL#aider", "verdict", "ship")::get);
        String sameItemChanged = VotesTable.item(image("pk", "VOTER#v1", "sk", "TOOL#aider", "verdict", "skip")::get);
        String otherTool = VotesTable.item(image("pk", "VOTER#v1", "sk", "TOOL#continue")::get);
        String otherVoter = VotesTable.item(image("pk", "VOTER#v2", "sk", "TOOL#aider")::get);

        assertThat(one).isEqualTo(sameItemChanged);
        assertThat(one).isNotEqualTo(otherTool).isNotEqualTo(otherVoter);
    }

    @Test
    void namesTheToolFromTheSortKeyAloneAndNothingForAnyOtherKey() {
        assertThat(VotesTable.toolOfItem(image("sk", "TOOL#aider")::get)).contains("aider");
        assertThat(VotesTable.toolOfItem(image("sk", "TOOL#a")::get)).contains("a");
        assertThat(VotesTable.toolOfItem(image("sk", "TOOL#")::get)).isEmpty();
        assertThat(VotesTable.toolOfItem(image("sk", "VOTE#aider")::get)).isEmpty();
        assertThat(VotesTable.toolOfItem(image("pk", "VOTER#v1")::get)).isEmpty();
    }
}
