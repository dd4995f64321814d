package dev.verdict.core.domain;

import java.time.Instant;
import java.util.List;

/** A comparison with each of its tools' standings: everything a comparison page shows. */
public record ComparisonView(Comparison comparison, List<ToolStanding> tools, Instant updatedAt) {
}
