package dev.verdict.votes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.config.Settings;
import java.util.Map;
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
    void asksTheMaximumOfTheLargestCountACounterCanHold() {
        // Adding one to this count wraps to a negative number, which once made it ask the base.
        assertThat(difficulty.forRecentVoters(Long.MAX_VALUE)).isEqualTo(24);
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

    @Test
    void takesAMaximumFromTheBaseUpTo32BitsAndRefusesOneOutsideThatNamingTheVariable() {
        // A maximum equal to the base: every voter of a network pays the base, however many there are.
        assertThat(fromSettings("20", "20").forRecentVoters(1_000_000)).isEqualTo(20);
        assertThat(fromSettings("16", "32").forRecentVoters(1_000_000_000_000L)).isEqualTo(32);

        assertThatThrownBy(() -> fromSettings("16", "33")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VOTER_PROOF_MAX_DIFFICULTY").hasMessageContaining("at most 32");
        assertThatThrownBy(() -> fromSettings("16", "15")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VOTER_PROOF_MAX_DIFFICULTY").hasMessageContaining("at least VOTER_PROOF_DIFFICULTY");
    }

    static Difficulty fromSettings(String base, String max) {
        Map<String, String> variables = Map.of("VOTER_PROOF_DIFFICULTY", base, "VOTER_PROOF_MAX_DIFFICULTY", max);
        return Difficulty.from(new Settings(variables::get));
    }
}
