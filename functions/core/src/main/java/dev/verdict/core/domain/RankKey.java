package dev.verdict.core.domain;

/**
 * The sort key that keeps a ranking in order as it is written, so a read is one Query on an index in key order. Each
 * component is fixed-width text that sorts ascending in the ranking's order: a larger lower bound (as shown, 4
 * decimals) first, then a larger {@code n}, then the name. The tool's id ends the key so two tools never share one.
 */
public final class RankKey {

    private static final int BOUND_SCALE = 10_000;

    private RankKey() {
    }

    /** Community and panel rankings: the Wilson lower bound of the ship share, then n, then the name. */
    public static String of(Tally tally, String name, String toolId) {
        return descending(tally) + "#" + descending(tally.total()) + "#" + name + "#" + toolId;
    }

    /** Trending: the lower bound of the last 24 hours' ship share, then the community's, then the 24 hours' n, then the name. */
    public static String trending(Tally day, Tally community, String name, String toolId) {
        return descending(day) + "#" + descending(community) + "#" + descending(day.total()) + "#" + name + "#" + toolId;
    }

    private static String descending(Tally tally) {
        long bound = Math.round(ShipInterval.rounded(ShipInterval.of(tally.ship(), tally.total()).lower()) * BOUND_SCALE);
        return "%05d".formatted(BOUND_SCALE - bound);
    }

    private static String descending(long n) {
        return "%019d".formatted(Long.MAX_VALUE - n);
    }
}
