package dev.verdict.core.domain;

/** A count of ship and skip verdicts: a tool's panel or community aggregate. */
public record Tally(long ship, long skip) {

    public static final Tally EMPTY = new Tally(0, 0);

    public Tally {
        if (ship < 0 || skip < 0) {
            throw new IllegalArgumentException("negative tally: ship=" + ship + " skip=" + skip);
        }
    }

    public long total() {
        return ship + skip;
    }

    /** Share of ship verdicts as an integer percentage rounded half up, or null when nobody has spoken. */
    public Integer shipPercent() {
        long total = total();
        if (total == 0) {
            return null;
        }
        // round(100 * ship / total) with halves going up, in integers: floor((200 * ship + total) / (2 * total)).
        return (int) ((200 * ship + total) / (2 * total));
    }

    public Tally plus(Verdict verdict) {
        return verdict == Verdict.SHIP ? new Tally(ship + 1, skip) : new Tally(ship, skip + 1);
    }
}
