package dev.verdict.bench;

import java.util.Arrays;

/** Order statistics over raw samples. Percentiles are nearest-rank: the value at rank ceil(p/100 × n), 1-based. */
final class Stats {

    private Stats() {
    }

    static double median(long[] samples) {
        requireSamples(samples);
        long[] sorted = sorted(samples);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    static long percentile(long[] samples, double p) {
        requireSamples(samples);
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        long[] sorted = sorted(samples);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** {@code value} rounded to {@code digits} decimals, for the report. */
    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static long[] sorted(long[] samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return copy;
    }

    private static void requireSamples(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
    }
}
