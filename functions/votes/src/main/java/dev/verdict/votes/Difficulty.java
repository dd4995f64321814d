package dev.verdict.votes;

import dev.verdict.core.config.Settings;

/**
 * How much work a new voter costs, by how many voters its network prefix created in about the last hour: the base for
 * the first {@code perPrefixAtBase}, one bit more (twice the work) for each doubling beyond, never more than
 * {@code max}. A household or an office barely notices; a script minting voters from one network pays more for each,
 * and is never refused: it only waits longer. {@code max} is what a visitor on a busy network (a campus, a mobile
 * carrier's shared addresses) still solves in reasonable time.
 */
public record Difficulty(int base, int max, int perPrefixAtBase) {

    /**
     * A proof is still accepted while the prefix's current difficulty is at most this many bits above the one its
     * challenge asked: a visitor whose neighbours created voters while the page was solving is not sent back to start,
     * and a script that fetched challenges in advance gains at most one doubling's worth of cheap voters.
     */
    static final int SLACK_BITS = 1;

    public static final String VOTER_PROOF_DIFFICULTY = "VOTER_PROOF_DIFFICULTY";
    public static final String VOTER_PROOF_MAX_DIFFICULTY = "VOTER_PROOF_MAX_DIFFICULTY";
    public static final String VOTERS_PER_PREFIX_AT_BASE = "VOTERS_PER_PREFIX_AT_BASE";

    /** What the voters function asks, as its settings say (defaults where blank: 16 bits, at most 21, 8 per prefix). */
    public static Difficulty from(Settings settings) {
        int base = settings.positive(VOTER_PROOF_DIFFICULTY, 16);
        int max = settings.positive(VOTER_PROOF_MAX_DIFFICULTY, 21);
        int perPrefixAtBase = settings.positive(VOTERS_PER_PREFIX_AT_BASE, 8);
        if (max < base || max > 32) {
            throw new IllegalStateException(VOTER_PROOF_MAX_DIFFICULTY + " must be at least " + VOTER_PROOF_DIFFICULTY
                    + " and at most 32");
        }
        return new Difficulty(base, max, perPrefixAtBase);
    }

    /** Leading zero bits asked of a prefix that created {@code recentVoters} lately. */
    public int forRecentVoters(long recentVoters) {
        int extra = 0;
        while (base + extra < max && (long) perPrefixAtBase << extra <= recentVoters) {
            extra++;
        }
        return base + extra;
    }

    /**
     * How many recent voters a prefix may have for a proof of {@code challengeBits} to still be good (with
     * {@link #SLACK_BITS}); {@link Long#MAX_VALUE} when it reaches {@code max}, which any number of voters may pay.
     */
    long recentVotersAdmittedBy(int challengeBits) {
        int bits = challengeBits + SLACK_BITS;
        if (bits >= max) {
            return Long.MAX_VALUE;
        }
        return (long) perPrefixAtBase << Math.max(0, bits - base);
    }
}
