package dev.verdict.votes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DifficultyTest {

    final Difficulty difficulty = new Difficulty(18, 24, 8);

    @Test
    void asksTheBaseOfTheFirstVotersOfANetworkAndOneBitMoreForEachDoublingUpToTheMaximum() {
        assertThat(difficulty.forRecentVoters(0)).isEqualTo(18);
        assertThat(difficulty.forRecentVoters(7)).isEqualTo(18);
        assertThat(difficulty.forRecentVoters(8)).isEqualTo(19);
        assertThat(difficulty.forRecentVoters(15)).isEqualTo(19);
        assertThat(difficulty.forRecentVoters(16)).isEqualTo(20);
        assertThat(difficulty.forRecentVoters(255)).isEqualTo(23);
        assertThat(difficulty.forRecentVoters(256)).isEqualTo(24);
        assertThat(difficulty.forRecentVoters(1_000_000_000L)).isEqualTo(24);
    }

    @Test
    void acceptsAProofWhileTheNetworkOwesAtMostOneBitMoreThanItsChallengeAsked() {
        assertThat(difficulty.recentVotersAdmittedBy(18)).isEqualTo(16);
        assertThat(difficulty.forRecentVoters(15)).isEqualTo(19);
        assertThat(difficulty.forRecentVoters(16)).isEqualTo(20);
        assertThat(difficulty.recentVotersAdmittedBy(22)).isEqualTo(256);
        assertThat(difficulty.recentVotersAdmittedBy(23)).isEqualTo(Long.MAX_VALUE);
        assertThat(difficulty.recentVotersAdmittedBy(24)).isEqualTo(Long.MAX_VALUE);
    }
}
