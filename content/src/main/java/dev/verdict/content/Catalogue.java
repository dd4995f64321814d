package dev.verdict.content;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Tool;
import java.util.List;

/** The site's content, validated: every comparison names known tools and every review a tool of its comparison. */
public record Catalogue(List<Tool> tools, List<Comparison> comparisons) {
    public Catalogue {
        tools = List.copyOf(tools);
        comparisons = List.copyOf(comparisons);
    }
}
