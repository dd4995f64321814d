package dev.verdict.content;

/** Writes a validated catalogue to the content table. Puts are idempotent: loading twice changes nothing. */
public final class ContentLoader {

    private final CatalogueWriter writer;

    public ContentLoader(CatalogueWriter writer) {
        this.writer = writer;
    }

    /** @return the number of items written */
    public int load(Catalogue catalogue) {
        var items = writer.catalogueItems(catalogue.tools(), catalogue.comparisons());
        writer.putAll(items);
        writer.placeInRankings(catalogue.tools());
        return items.size() + CatalogueWriter.PLACES_PER_TOOL * catalogue.tools().size();
    }
}
