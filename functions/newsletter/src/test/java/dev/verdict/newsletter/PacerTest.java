package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The send rate: the account's within the function's cap, and the pace it gives. */
class PacerTest {

    @Test
    void sendsAtTheAccountsRateWhenItIsBelowTheCap() {
        // A new (sandbox) account: one message a second.
        assertThat(Pacer.rateWithin(14, () -> 1.0)).isEqualTo(1.0);
    }

    @Test
    void neverGoesAboveTheCapWhateverTheAccountAllows() {
        assertThat(Pacer.rateWithin(14, () -> 200.0)).isEqualTo(14.0);
    }

    @Test
    void aRateThatReadsAsNothingFailsTheStartInsteadOfFallingBackToTheCap() {
        assertThatThrownBy(() -> Pacer.rateWithin(14, () -> 0.0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("send rate");
        assertThatThrownBy(() -> Pacer.rateWithin(0, () -> 14.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spacesMessagesByTheRate() {
        List<Long> sleeps = new ArrayList<>();
        long[] now = {0};
        Pacer pacer = new Pacer(4, millis -> {
            sleeps.add(millis);
            now[0] += millis * 1_000_000;
        }, () -> now[0]);

        for (int i = 0; i < 5; i++) {
            pacer.acquire();
        }

        // The first goes at once; each next one a quarter of a second after the one before.
        assertThat(sleeps).containsExactly(250L, 250L, 250L, 250L);
    }

    @Test
    void backsOffFrom200MillisecondsDoublingUpToFiveSeconds() {
        List<Long> sleeps = new ArrayList<>();
        Pacer pacer = new Pacer(0, sleeps::add, () -> 0);

        for (int attempt = 0; attempt < 7; attempt++) {
            pacer.backOff(attempt);
        }
        pacer.backOff(40);

        assertThat(sleeps).containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 5_000L, 5_000L, 5_000L);
    }

    @Test
    void withoutARateNeverWaitsAndSaysSo() {
        List<Long> sleeps = new ArrayList<>();
        Pacer pacer = new Pacer(0, sleeps::add, () -> 0);

        for (int i = 0; i < 100; i++) {
            pacer.acquire();
        }

        assertThat(sleeps).isEmpty();
        assertThat(pacer.perSecond()).isZero();
        assertThat(new Pacer(14, sleeps::add, () -> 0).perSecond()).isEqualTo(14.0);
    }

    @Test
    void aMessageWhoseTurnComesInUnderAMillisecondStillWaitsOne() {
        List<Long> sleeps = new ArrayList<>();
        long[] now = {0};
        // 1,500 a second: 666,666 ns apart, less than a millisecond.
        Pacer pacer = new Pacer(1_500, sleeps::add, () -> now[0]);

        pacer.acquire();
        pacer.acquire();

        assertThat(sleeps).containsExactly(1L);
    }

    @Test
    void onLambdaAPauseSleepsTheThreadAndAnInterruptedPauseFailsKeepingTheInterrupt() {
        long start = System.nanoTime();
        Pacer.threadSleep().sleep(20);
        assertThat(System.nanoTime() - start).as("slept at least the 20 ms asked").isGreaterThanOrEqualTo(20_000_000L);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Pacer.threadSleep().sleep(60_000)).isInstanceOf(IllegalStateException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
