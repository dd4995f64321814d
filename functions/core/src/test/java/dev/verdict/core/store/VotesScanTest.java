package dev.verdict.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Verdict;
import dev.verdict.core.store.VotesScan.ScanPage;
import dev.verdict.core.store.VotesScan.Scanned;
import dev.verdict.core.store.VotesTable.Vote;
import dev.verdict.localkit.TestTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The recompute's scan of the votes table: every item once, read as the stream handler reads it. */
class VotesScanTest {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    TestTables tables;
    VotesTable votes;
    VotesScan scan;

    @BeforeEach
    void tables() {
        tables = TestTables.create();
        votes = new VotesTable(tables.client(), tables.table("VotesTable"));
        scan = new VotesScan(tables.client(), tables.table("VotesTable"));
    }

    void putRaw(String voterId, String toolId, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(VotesTable.key(voterId, toolId));
        item.putAll(attributes);
        tables.client().putItem(b -> b.tableName(tables.table("VotesTable")).item(item));
    }

    /** Every item of one segment, page by page; a bound, so a scan that never ends fails instead of hanging. */
    List<Scanned> all(int segment, int totalSegments, Map<String, AttributeValue> firstKey, int pageSize) {
        List<Scanned> seen = new ArrayList<>();
        Map<String, AttributeValue> key = firstKey;
        for (int pages = 0; pages < 20; pages++) {
            ScanPage page = scan.scan(segment, totalSegments, key, pageSize);
            seen.addAll(page.items());
            key = page.lastKey();
            if (key == null) {
                return seen;
            }
        }
        throw new AssertionError("the scan did not end within 20 pages: " + seen);
    }

    @Test
    void readsAVoteWithItsIdentityAndWhenItWasLastWritten() {
        votes.put("v1", "aider", Verdict.SHIP, "aider-vs-continue", T0);

        ScanPage page = scan.scan(0, 1, null, 10);

        assertThat(page.items()).containsExactly(new Scanned(VotesTable.item(Map.of("pk", "VOTER#v1", "sk", "TOOL#aider")::get),
                Optional.of(new Vote("aider", Verdict.SHIP)), Optional.of(T0)));
        assertThat(page.votes()).containsExactly(Optional.of(new Vote("aider", Verdict.SHIP)));
        assertThat(page.lastKey()).isNull();
    }

    @Test
    void anItemThatIsNotAReadableVoteIsStillSeenWithNoVote() {
        putRaw("v1", "aider", Map.of("verdict", AttributeValue.fromS("ship")));
        putRaw("v2", "aider", Map.of("toolId", AttributeValue.fromS("aider"), "verdict", AttributeValue.fromS("maybe")));

        List<Scanned> seen = scan.scan(0, 1, null, 10).items();

        assertThat(seen).hasSize(2).allSatisfy(item -> assertThat(item.vote()).isEmpty());
        assertThat(seen).extracting(Scanned::item).doesNotHaveDuplicates().allSatisfy(item -> assertThat(item).isNotBlank());
    }

    @Test
    void aVoteWithoutAReadableChangeTimeHasNone() {
        Map<String, AttributeValue> vote = Map.of("toolId", AttributeValue.fromS("aider"), "verdict", AttributeValue.fromS("ship"));
        putRaw("before-the-limit", "aider", vote);
        Map<String, AttributeValue> asText = new HashMap<>(vote);
        asText.put("changedAt", AttributeValue.fromS("1762000000000"));
        putRaw("as-text", "aider", asText);
        Map<String, AttributeValue> negative = new HashMap<>(vote);
        negative.put("changedAt", AttributeValue.fromN("-1"));
        putRaw("negative", "aider", negative);
        Map<String, AttributeValue> tooLong = new HashMap<>(vote);
        tooLong.put("changedAt", AttributeValue.fromN("1234567890123456"));
        putRaw("too-long", "aider", tooLong);

        List<Scanned> seen = scan.scan(0, 1, null, 10).items();

        assertThat(seen).hasSize(4).allSatisfy(item -> {
            assertThat(item.vote()).contains(new Vote("aider", Verdict.SHIP));
            assertThat(item.changedAt()).isEmpty();
        });
    }

    @Test
    void pagesThroughEveryItemOnceAndEndsWithNoKey() {
        for (String voter : List.of("v1", "v2", "v3")) {
            votes.put(voter, "aider", Verdict.SKIP, "c", T0);
        }

        List<Scanned> seen = all(0, 1, null, 1);

        assertThat(seen).extracting(Scanned::item).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void anEmptyStartKeyReadsFromTheStart() {
        votes.put("v1", "aider", Verdict.SHIP, "c", T0);
        votes.put("v2", "aider", Verdict.SHIP, "c", T0);

        assertThat(all(0, 1, Map.of(), 1)).hasSize(2);
    }

    @Test
    void theSegmentsOfAParallelScanTogetherSeeEveryItemOnce() {
        for (int i = 0; i < 6; i++) {
            votes.put("v" + i, "aider", Verdict.SHIP, "c", T0);
        }

        List<Scanned> seen = new ArrayList<>(all(0, 2, null, 2));
        seen.addAll(all(1, 2, null, 2));

        assertThat(seen).extracting(Scanned::item).doesNotHaveDuplicates().hasSize(6);
    }
}
