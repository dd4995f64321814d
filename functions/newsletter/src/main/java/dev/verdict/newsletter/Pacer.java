package dev.verdict.newsletter;

import java.util.function.LongSupplier;

/**
 * Keeps sends under the provider's rate (SES's MaxSendRate, read at start) and backs off when told to slow down. One
 * per function instance; the send function runs one instance per stream shard at a time (ParallelizationFactor 1,
 * reserved concurrency), which is what makes a per-instance rate the account's rate.
 */
public final class Pacer {

    /** How a pause is taken: Thread.sleep on Lambda, a recorder in tests. */
    public interface Sleeper {
        void sleep(long millis);
    }

    static final long MAX_BACKOFF_MILLIS = 5_000;

    private final double perSecond;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;
    private long nextFreeNanos;

    /** @param perSecond messages a second at most; 0 or less means no limit (the local outbox) */
    public Pacer(double perSecond, Sleeper sleeper, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
    }

    /**
     * The rate to send at: the account's (SES GetAccount's MaxSendRate, asked for once, at start) within {@code cap},
     * the most this function may use (a share can be kept back for the confirmation mails). There is no falling back
     * to the cap: a rate that cannot be read, or reads as nothing, fails the start, and Lambda's retry asks again.
     */
    public static double rateWithin(double cap, java.util.function.DoubleSupplier accountRate) {
        if (!(cap > 0)) {
            throw new IllegalArgumentException("a send rate cap must be above 0, not " + cap);
        }
        double account = accountRate.getAsDouble();
        if (!(account > 0)) {
            throw new IllegalStateException("the account's send rate reads as " + account + " messages a second");
        }
        return Math.min(cap, account);
    }

    public static Sleeper threadSleep() {
        return millis -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing", e);
            }
        };
    }

    /** Waits until one more message fits under the rate. */
    public synchronized void acquire() {
        if (perSecond <= 0) {
            return;
        }
        long interval = (long) (1_000_000_000L / perSecond);
        long now = nanoTime.getAsLong();
        long start = Math.max(now, nextFreeNanos);
        nextFreeNanos = start + interval;
        long waitNanos = start - now;
        if (waitNanos > 0) {
            sleeper.sleep(Math.max(1, waitNanos / 1_000_000));
        }
    }

    /** After a throttling answer: exponential, 200 ms doubling, at most {@value #MAX_BACKOFF_MILLIS} ms. */
    public void backOff(int attempt) {
        sleeper.sleep(Math.min(MAX_BACKOFF_MILLIS, 200L << Math.min(attempt, 10)));
    }

    public double perSecond() {
        return perSecond;
    }
}
