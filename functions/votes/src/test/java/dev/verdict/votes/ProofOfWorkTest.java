package dev.verdict.votes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProofOfWorkTest {

    @Test
    void countsLeadingZeroBitsAcrossBytes() {
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80, 0})).isZero();
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0x01, 0})).isEqualTo(7);
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0x0f})).isEqualTo(12);
        assertThat(ProofOfWork.leadingZeroBits(new byte[] {0, 0})).isEqualTo(16);
    }

    @Test
    void hashesTheChallengeAColonAndTheNonceAsTheContractSays() {
        // Independently computed (printf 'abc:181' | sha256sum): 003613d5… has 10 leading zero bits; 5f36efce… has 1.
        assertThat(ProofOfWork.leadingZeroBits("abc", "181")).isEqualTo(10);
        assertThat(ProofOfWork.leadingZeroBits("abc", "0")).isEqualTo(1);
    }

    @Test
    void solvesToTheFirstNonceThatMeetsTheDifficultyAsAnyClientWould() {
        // "abc:0" has exactly 1 leading zero bit (see above), so it is the first nonce for 1 bit and not for 2.
        assertThat(ProofOfWork.solve("abc", 1)).isEqualTo("0");
        String forTwo = ProofOfWork.solve("abc", 2);
        assertThat(Long.parseLong(forTwo)).isPositive();
        for (long earlier = 0; earlier < Long.parseLong(forTwo); earlier++) {
            assertThat(ProofOfWork.leadingZeroBits("abc", Long.toString(earlier))).isLessThan(2);
        }
        assertThat(ProofOfWork.leadingZeroBits("abc", forTwo)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void solvesToANonceOfDigitsThatMeetsTheDifficulty() {
        String nonce = ProofOfWork.solve("challenge-text", 12);

        assertThat(nonce).matches("[0-9]+");
        assertThat(ProofOfWork.leadingZeroBits("challenge-text", nonce)).isGreaterThanOrEqualTo(12);
    }
}
