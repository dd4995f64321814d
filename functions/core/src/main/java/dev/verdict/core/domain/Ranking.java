package dev.verdict.core.domain;

import java.time.Instant;
import java.util.List;

/**
 * Tools in ranking order, as stored by their writers.
 *
 * @param updatedAt the latest write among the ranked items, or null when none has been counted yet
 */
public record Ranking(RankingOrder by, List<Entry> entries, Instant updatedAt) {

    /**
     * One tool's place.
     *
     * @param counts the tally the order is about (community or panel; for trending the community's)
     * @param ranked the tally whose interval orders the list (the last 24 hours' for trending, else {@code counts})
     * @param day    for trending, the ship votes of the last 24 hours; otherwise null
     */
    public record Entry(String toolId, String name, Tally counts, Tally ranked, Tally day) {
    }
}
