package dev.verdict.localkit.pit;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cases {@link DiscoveredTestsPluginTest} has the plugin find and run; its name keeps it out of the test run. It
 * counts what runs, so a test can tell discovery from execution, and fails only when asked to.
 */
public class PluginSampleCases {

    static final AtomicInteger RUNS = new AtomicInteger();
    static volatile boolean failing;

    @Test
    void plain() {
        RUNS.incrementAndGet();
        if (failing) {
            throw new AssertionError("failing as asked");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void parameterized(int n) {
        RUNS.incrementAndGet();
        if (failing && n == 2) {
            throw new AssertionError("the second invocation failing as asked");
        }
    }

    @Test
    void assumptionNotMet() {
        RUNS.incrementAndGet();
        Assumptions.assumeTrue(false, "not for here");
    }

    @Test
    @Tag("long")
    void taggedLong() {
        RUNS.incrementAndGet();
    }
}
