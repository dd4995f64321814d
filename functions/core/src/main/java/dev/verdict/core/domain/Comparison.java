package dev.verdict.core.domain;

import java.time.Instant;
import java.util.List;

/** A head-to-head page: which of these tools should you ship with? */
public record Comparison(String slug, String title, String question, String category, Instant publishedAt,
                         List<String> toolIds, List<Review> reviews) {
    public Comparison {
        Require.id("slug", slug);
        Require.text("title", title);
        Require.text("question", question);
        Require.text("category", category);
        Require.present("publishedAt", publishedAt);
        toolIds = List.copyOf(toolIds);
        reviews = List.copyOf(reviews == null ? List.of() : reviews);
        if (toolIds.size() < 2) {
            throw new IllegalArgumentException("toolIds: a comparison needs at least two tools");
        }
        if (toolIds.stream().distinct().count() != toolIds.size()) {
            throw new IllegalArgumentException("toolIds: a tool appears twice");
        }
        for (Review review : reviews) {
            if (!toolIds.contains(review.toolId())) {
                throw new IllegalArgumentException("reviews: review of '" + review.toolId() + "', which is not in the comparison");
            }
        }
    }

    /** The panel's tally for one of this comparison's tools. */
    public Tally panelTally(String toolId) {
        return PanelTallies.byTool(reviews).getOrDefault(toolId, Tally.EMPTY);
    }
}
