package dev.verdict.core.domain;

import java.time.Instant;
import java.util.List;

/** A comparison as the home page lists it. */
public record ComparisonSummary(String slug, String title, String category, List<ToolRef> tools, Instant publishedAt) {

    /** A tool named in a listing. */
    public record ToolRef(String id, String name) {
    }
}
