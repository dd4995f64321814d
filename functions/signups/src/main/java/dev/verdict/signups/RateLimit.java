package dev.verdict.signups;

import java.time.Duration;

/**
 * A fixed-window limit.
 *
 * @param name   what it protects; part of the counter's key, so limits never share counters
 * @param limit  how many hits a window holds
 * @param window how long a window lasts
 */
record RateLimit(String name, int limit, Duration window) {

    int windowSeconds() {
        return (int) window.toSeconds();
    }
}
