package dev.verdict.newsletter;

import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.store.CatalogueReads;
import dev.verdict.core.store.ContentAggregates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what an issue is composed from, through the content table's own readers. */
public final class CatalogueSource {

    private static final int PAGE = 100;

    private final CatalogueReads catalogue;
    private final ContentAggregates aggregates;

    public CatalogueSource(CatalogueReads catalogue, ContentAggregates aggregates) {
        this.catalogue = catalogue;
        this.aggregates = aggregates;
    }

    /** Every published comparison (the catalogue is hundreds, not millions: it is read whole once a week). */
    public List<ComparisonSummary> comparisons() {
        List<ComparisonSummary> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            var page = catalogue.listComparisons(Optional.empty(), PAGE, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return all;
    }

    /** Every tool's community counts as stored now. */
    public Map<String, Counts> community() {
        return aggregates.aggregates().community();
    }
}
