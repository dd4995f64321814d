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
    void solvesToANonceOfDigitsThatMeetsTheDifficulty() {
        String nonce = ProofOfWork.solve("challenge-text", 12);

        assertThat(nonce).matches("[0-9]+");
        assertThat(ProofOfWork.leadingZeroBits("challenge-text", nonce)).isGreaterThanOrEqualTo(12);
    }
}
