package dev.verdict.core.domain;

import java.time.Instant;

/** A tool together with its panel and community aggregates, as one read returns them. */
public record ToolStanding(Tool tool, Tally panel, Tally community, Instant updatedAt) {
}
