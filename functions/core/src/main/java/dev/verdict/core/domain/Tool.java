package dev.verdict.core.domain;

import java.util.List;

/** An AI tool as the catalogue describes it. {@code comparisons} lists the slugs of the comparisons it appears in. */
public record Tool(String id, String name, String vendor, String category, String tagline, String description,
                   Pricing pricing, List<String> comparisons) {
    public Tool {
        Require.id("id", id);
        Require.text("name", name);
        Require.text("vendor", vendor);
        Require.text("category", category);
        Require.text("tagline", tagline);
        Require.text("description", description);
        Require.present("pricing", pricing);
        comparisons = List.copyOf(comparisons == null ? List.of() : comparisons);
    }
}
