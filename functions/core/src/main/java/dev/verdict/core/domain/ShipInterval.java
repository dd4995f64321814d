package dev.verdict.core.domain;

/**
 * The 95% Wilson score interval of a ship share: where the true share of "ship" plausibly lies, given {@code ship} of
 * {@code n} said so. Ranking by its lower bound lets small samples sink (2 of 2 is 0.3424, 398 of 400 is 0.9820)
 * instead of topping a list on luck. With nothing to go on (n = 0) the interval is all of [0, 1].
 *
 * @param lower the lower bound, 0..1
 * @param upper the upper bound, 0..1
 */
public record ShipInterval(double lower, double upper) {

    /** 1.96: the normal quantile for a two-sided 95% interval. */
    static final double Z = 1.96;

    public ShipInterval {
        if (!(0 <= lower && lower <= upper && upper <= 1)) {
            throw new IllegalArgumentException("not an interval within [0, 1]: " + lower + ".." + upper);
        }
    }

    public static ShipInterval of(long ship, long n) {
        if (ship < 0 || n < ship) {
            throw new IllegalArgumentException("ship must be within 0.." + n + ", not " + ship);
        }
        if (n == 0) {
            return new ShipInterval(0, 1);
        }
        double share = (double) ship / n;
        double z2 = Z * Z;
        double centre = share + z2 / (2.0 * n);
        double spread = Z * Math.sqrt(share * (1 - share) / n + z2 / (4.0 * n * n));
        double scale = 1 + z2 / n;
        // Clamped: at 0 of n or n of n rounding can put a bound a hair outside [0, 1].
        return new ShipInterval(Math.max(0, (centre - spread) / scale), Math.min(1, (centre + spread) / scale));
    }

    /** A bound as the API writes it: 4 decimals, half up. */
    public static double rounded(double bound) {
        return java.math.BigDecimal.valueOf(bound).setScale(4, java.math.RoundingMode.HALF_UP).doubleValue();
    }
}
