package dev.verdict.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.ComparisonView;
import dev.verdict.core.domain.Page;
import dev.verdict.core.domain.Pricing;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Reviewer;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import dev.verdict.core.domain.ToolStanding;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.signing.CursorCodec;
import dev.verdict.core.signing.Signer;
import dev.verdict.localkit.TestTables;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads of the catalogue from items written as the loader and the stream handler write them: a comparison with its
 * tools' standings, a tool's standing and when it last changed, and the listing's refusal without a signing key.
 */
class CatalogueReadsTest {

    static final Reviewer ANA = new Reviewer("ana-ruiz", "Ana Ruiz", "Staff engineer");
    static final Reviewer BO = new Reviewer("bo-li", "Bo Li", "CTO");

    /** Panel and community last changed: each tool is placed to show one way of combining the two. */
    static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant FEBRUARY = Instant.parse("2026-02-01T00:00:00Z");
    static final Instant APRIL_1 = Instant.parse("2026-04-01T00:00:00Z");
    static final Instant APRIL_8 = Instant.parse("2026-04-08T00:00:00Z");
    static final Instant APRIL_9 = Instant.parse("2026-04-09T00:00:00Z");
    static final Instant APRIL_10 = Instant.parse("2026-04-10T00:00:00Z");
    static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");

    static Tool tool(String id) {
        return new Tool(id, "Tool " + id, "Vendor", "Developer Tools", "A tagline.", "A description.",
                new Pricing("Free", "Open source", "None."), List.of());
    }

    static void put(TestTables tables, Map<String, AttributeValue> item) {
        tables.client().putItem(b -> b.tableName(tables.table("ContentTable")).item(item));
    }

    static void community(TestTables tables, String toolId, long ship, long skip, Instant updatedAt) {
        Map<String, AttributeValue> item = new HashMap<>(ContentItems.communityKey(toolId));
        item.put(ContentItems.SHIP, AttributeValue.fromN(Long.toString(ship)));
        item.put(ContentItems.SKIP, AttributeValue.fromN(Long.toString(skip)));
        item.put(ContentItems.UPDATED_AT, AttributeValue.fromS(updatedAt.toString()));
        put(tables, item);
    }

    static void comparison(TestTables tables, Comparison comparison) {
        Map<String, String> names = new HashMap<>();
        comparison.toolIds().forEach(id -> names.put(id, "Tool " + id));
        put(tables, ContentItems.comparisonItem(comparison, names));
        for (int i = 0; i < comparison.reviews().size(); i++) {
            put(tables, ContentItems.reviewItem(comparison.slug(), i + 1, comparison.reviews().get(i)));
        }
    }

    /**
     * aider: panel March, community May (the community's is later); cline: panel June, community May (the panel's);
     * codex: panel February, no community; devin: community April, no panel; plain: neither ever changed.
     */
    static void fill(TestTables tables) {
        for (String id : List.of("aider", "cline", "codex", "devin", "plain")) {
            put(tables, ContentItems.toolItem(tool(id)));
        }
        put(tables, ContentItems.panelItem(tool("aider"), new Tally(2, 1), Optional.of(MARCH)));
        community(tables, "aider", 5, 4, MAY);
        put(tables, ContentItems.panelItem(tool("cline"), new Tally(0, 1), Optional.of(JUNE)));
        community(tables, "cline", 1, 0, MAY);
        put(tables, ContentItems.panelItem(tool("codex"), new Tally(1, 0), Optional.of(FEBRUARY)));
        community(tables, "devin", 3, 3, APRIL_1);
        put(tables, ContentItems.panelItem(tool("plain"), Tally.EMPTY, Optional.empty()));

        comparison(tables, new Comparison("aider-vs-cline", "Aider vs Cline", "Which one?", "Developer Tools", APRIL_9,
                List.of("cline", "aider"), List.of(new Review(BO, "cline", Verdict.SKIP, "Slow."),
                        new Review(ANA, "aider", Verdict.SHIP, "Fast."))));
        comparison(tables, new Comparison("codex-vs-plain", "Codex vs Plain", "Which one?", "Developer Tools", APRIL_10,
                List.of("codex", "plain"), List.of()));
        comparison(tables, new Comparison("aider-vs-ghost", "Aider vs Ghost", "Which one?", "Developer Tools", APRIL_8,
                List.of("aider", "ghost"), List.of()));
    }

    TestTables tables;
    CatalogueReads reads;

    @BeforeEach
    void tables() {
        tables = TestTables.prepared("core-catalogue-reads", CatalogueReadsTest::fill);
        reads = new CatalogueReads(tables.client(), tables.table("ContentTable"),
                new CursorCodec(new Signer(TestTables.SIGNING_KEY)));
    }

    @Test
    void readsAComparisonWithItsReviewsInOrderAndItsToolsStandingsInItsOrder() {
        ComparisonView view = reads.findComparison("aider-vs-cline").orElseThrow();

        assertThat(view.comparison().title()).isEqualTo("Aider vs Cline");
        assertThat(view.comparison().reviews()).extracting(Review::quote).containsExactly("Slow.", "Fast.");
        assertThat(view.tools()).extracting(standing -> standing.tool().id()).containsExactly("cline", "aider");
        assertThat(view.tools()).extracting(ToolStanding::panel).containsExactly(new Tally(0, 1), new Tally(2, 1));
        assertThat(view.tools()).extracting(ToolStanding::community).containsExactly(new Tally(1, 0), new Tally(5, 4));
    }

    @Test
    void aComparisonWasUpdatedWhenItsToolsLastChangedIfThatIsAfterItWasPublished() {
        assertThat(reads.findComparison("aider-vs-cline").orElseThrow().updatedAt()).isEqualTo(JUNE);
    }

    @Test
    void aComparisonWhoseToolsLastChangedBeforeItWasPublishedWasUpdatedWhenPublished() {
        assertThat(reads.findComparison("codex-vs-plain").orElseThrow().updatedAt()).isEqualTo(APRIL_10);
    }

    @Test
    void noComparisonUnderAnUnknownSlug() {
        assertThat(reads.findComparison("nobody-vs-nothing")).isEmpty();
    }

    @Test
    void aComparisonNamingAToolTheTableLacksIsAnErrorNotAPageWithAGap() {
        assertThatThrownBy(() -> reads.findComparison("aider-vs-ghost"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("aider-vs-ghost");
    }

    @Test
    void aToolWasUpdatedWhenItsPanelOrItsCommunityLastChangedWhicheverIsLater() {
        assertThat(reads.findTool("aider").orElseThrow().updatedAt()).isEqualTo(MAY);
        assertThat(reads.findTool("cline").orElseThrow().updatedAt()).isEqualTo(JUNE);
    }

    @Test
    void aToolWithOnlyOneOfTheTwoChangedWasUpdatedThenAndOneWithNeitherHasNoDate() {
        assertThat(reads.findTool("codex").orElseThrow().updatedAt()).isEqualTo(FEBRUARY);
        assertThat(reads.findTool("devin").orElseThrow().updatedAt()).isEqualTo(APRIL_1);
        assertThat(reads.findTool("plain").orElseThrow().updatedAt()).isNull();
        assertThat(reads.findTool("ghost")).isEmpty();
    }

    @Test
    void listsNewestFirstPageByPageWithACursor() {
        Page<ComparisonSummary> first = reads.listComparisons(Optional.empty(), 2, Optional.empty());
        Page<ComparisonSummary> second = reads.listComparisons(Optional.empty(), 2, first.nextCursor());

        assertThat(first.items()).extracting(ComparisonSummary::slug).containsExactly("codex-vs-plain", "aider-vs-cline");
        assertThat(first.nextCursor()).isPresent();
        assertThat(second.items()).extracting(ComparisonSummary::slug).containsExactly("aider-vs-ghost");
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void aReaderWithoutASigningKeyCannotListComparisons() {
        CatalogueReads unsigned = new CatalogueReads(tables.client(), tables.table("ContentTable"), null);

        assertThatThrownBy(() -> unsigned.listComparisons(Optional.empty(), 2, Optional.empty()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(unsigned.findComparison("aider-vs-cline")).isPresent();
    }
}
