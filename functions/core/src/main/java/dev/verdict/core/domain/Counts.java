package dev.verdict.core.domain;

/**
 * Ship and skip counts that may be negative: a change to an aggregate (a stream batch's delta) or an aggregate as
 * stored, which can only be wrong (drift) if something went wrong — unlike {@link Tally}, which is what we show.
 */
public record Counts(long ship, long skip) {

    public static final Counts ZERO = new Counts(0, 0);

    public static Counts one(Verdict verdict) {
        return verdict == Verdict.SHIP ? new Counts(1, 0) : new Counts(0, 1);
    }

    public Counts plus(Counts other) {
        return new Counts(ship + other.ship, skip + other.skip);
    }

    public Counts minus(Counts other) {
        return new Counts(ship - other.ship, skip - other.skip);
    }

    public boolean isZero() {
        return ship == 0 && skip == 0;
    }

    /** How far apart two counts are: the number of votes one would have to move to get the other. */
    public long distance(Counts other) {
        return Math.abs(ship - other.ship) + Math.abs(skip - other.skip);
    }
}
