package dev.verdict.content;

import dev.verdict.core.store.ContentTable;

/** Writes a validated catalogue to the content table. Puts are idempotent: loading twice changes nothing. */
public final class ContentLoader {

    private final ContentTable table;

    public ContentLoader(ContentTable table) {
        this.table = table;
    }

    /** @return the number of items written */
    public int load(Catalogue catalogue) {
        var items = table.catalogueItems(catalogue.tools(), catalogue.comparisons());
        table.putAll(items);
        return items.size();
    }
}
