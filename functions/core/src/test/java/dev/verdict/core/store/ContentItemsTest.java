package dev.verdict.core.store;

import static dev.verdict.core.store.ContentTable.n;
import static dev.verdict.core.store.ContentTable.s;
import static dev.verdict.core.store.ContentTable.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.RankKey;
import dev.verdict.core.domain.Ranking;
import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ContentItemsTest {

    static final Tool AIDER = tool("aider", "Aider", "coding-agents");

    @Test
    void aPanelItemIsPlacedInItsCategorysAndTheOverallPanelRankingWithItsDate() {
        var table = new ContentTable();
        Instant reviewed = Instant.parse("2026-03-01T09:00:00Z");
        table.put(ContentItems.panelItem(AIDER, new Tally(3, 1), Optional.of(reviewed)));

        Ranking inCategory = table.catalogue.ranking(RankingOrder.PANEL, Optional.of("coding-agents"), 10).orElseThrow();
        Ranking overall = table.catalogue.ranking(RankingOrder.PANEL, Optional.empty(), 10).orElseThrow();

        var entry = new Ranking.Entry("aider", "Aider", new Tally(3, 1), new Tally(3, 1), null);
        assertThat(inCategory.entries()).containsExactly(entry);
        assertThat(overall.entries()).containsExactly(entry);
        assertThat(inCategory.updatedAt()).isEqualTo(reviewed);
    }

    @Test
    void aPanelItemWithoutReviewsHasNoDate() {
        Map<String, AttributeValue> item = ContentItems.panelItem(AIDER, Tally.EMPTY, Optional.empty());

        assertThat(item).doesNotContainKey(ContentItems.UPDATED_AT);
        assertThat(ContentItems.updatedAt(item)).isNull();
    }

    @Test
    void placingATrendingItemGivesItTheTrendingKeyOfNoVotesAndACommunityItemTheCommunityOne() {
        var table = new ContentTable();
        for (RankingOrder by : new RankingOrder[] {RankingOrder.TRENDING, RankingOrder.COMMUNITY}) {
            var update = ContentItems.rankPlacementUpdate(by, AIDER);
            table.client.updateItem(b -> b.tableName(table.name).key(update.key()).updateExpression(update.expression())
                    .expressionAttributeNames(update.names()).expressionAttributeValues(update.values()));
        }

        assertThat(table.item("TOOL#aider", "TRENDING").get("rankSk").s())
                .isEqualTo(RankKey.trending(Tally.EMPTY, Tally.EMPTY, "Aider", "aider"));
        assertThat(table.item("TOOL#aider", "COMMUNITY").get("rankSk").s())
                .isEqualTo(RankKey.of(Tally.EMPTY, "Aider", "aider"));
    }

    @Test
    void placingAnItemThatAlreadyHasAKeyKeepsIt() {
        var table = new ContentTable();
        String key = RankKey.of(new Tally(5, 0), "Aider", "aider");
        Map<String, AttributeValue> counted = new HashMap<>(ContentItems.communityKey("aider"));
        counted.put("ship", n(5));
        counted.put("rankSk", s(key));
        table.put(counted);

        var update = ContentItems.rankPlacementUpdate(RankingOrder.COMMUNITY, AIDER);
        table.client.updateItem(b -> b.tableName(table.name).key(update.key()).updateExpression(update.expression())
                .expressionAttributeNames(update.names()).expressionAttributeValues(update.values()));

        var ranking = table.catalogue.ranking(RankingOrder.COMMUNITY, Optional.of("coding-agents"), 10).orElseThrow();
        assertThat(ranking.entries()).extracting(Ranking.Entry::counts).containsExactly(new Tally(5, 0));
        assertThat(table.item("TOOL#aider", "COMMUNITY").get("rankSk").s()).isEqualTo(key);
    }

    @Test
    void aTrendingEntrysDayIsItsShipVotesAndTheOtherVotesOfTheLast24Hours() {
        Map<String, AttributeValue> item = new HashMap<>(ContentItems.key("TOOL#aider", "TRENDING"));
        item.put("name", s("Aider"));
        item.put("ship", n(10));
        item.put("skip", n(4));
        item.put("ship24h", n(3));
        item.put("n24h", n(5));

        Ranking.Entry entry = ContentItems.toRankEntry(RankingOrder.TRENDING, item);

        assertThat(entry).isEqualTo(new Ranking.Entry("aider", "Aider", new Tally(10, 4), new Tally(3, 2), new Tally(3, 2)));
    }

    @Test
    void aToolItemWithoutAComparisonsListReadsAsInNoComparison() {
        Map<String, AttributeValue> item = new HashMap<>();
        for (String name : List.of("id", "name", "vendor", "category", "tagline", "description", "pricingEntry",
                "pricingModel", "pricingNotes")) {
            item.put(name, s("aider"));
        }

        assertThat(ContentItems.toTool(item).comparisons()).isEmpty();
    }

    @Test
    void anAbsentAggregateIsAnEmptyTally() {
        assertThat(ContentItems.tally(null)).isEqualTo(Tally.EMPTY);
    }

    @Test
    void aCountThatIsAbsentOrNotANumberReadsAsZero() {
        Map<String, AttributeValue> shipOnly = new HashMap<>(ContentItems.communityKey("aider"));
        shipOnly.put("ship", n(2));
        Map<String, AttributeValue> skipAsText = new HashMap<>(shipOnly);
        skipAsText.put("skip", s("7"));

        assertThat(ContentItems.tally(shipOnly)).isEqualTo(new Tally(2, 0));
        assertThat(ContentItems.tally(skipAsText)).isEqualTo(new Tally(2, 0));
    }

    @Test
    void aListOfStringsReadsBackInOrderAndAnAbsentOneAsNone() {
        assertThat(ContentItems.strings(ContentItems.list(List.of("b", "a", "c")))).containsExactly("b", "a", "c");
        assertThat(ContentItems.strings(null)).isEmpty();
        assertThat(ContentItems.strings(s("not a list"))).isEmpty();
    }

    @Test
    void paddedSequenceNumbersAreOneWidthAndCompareAsTextInNumericOrder() {
        String nine = ContentItems.padded(BigInteger.valueOf(9));
        String ten = ContentItems.padded(BigInteger.valueOf(10));
        String large = ContentItems.padded(new BigInteger("49999999999999999999999999999999999999999"));

        assertThat(nine).hasSize(48).isLessThan(ten);
        assertThat(ten).hasSize(48).isLessThan(large);
        assertThat(large).hasSize(48);
        assertThat(new BigInteger(ten)).isEqualTo(BigInteger.TEN);
    }
}
