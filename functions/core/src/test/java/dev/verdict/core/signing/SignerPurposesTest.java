package dev.verdict.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What one key signs for one purpose never verifies for another, however purpose and value are split. */
class SignerPurposesTest {

    final Signer signer = new Signer("a-test-secret-that-is-long-enough-0123456789");

    @Test
    void aSignatureDoesNotCarryOverWhenPartOfThePurposeMovesIntoTheValue() {
        // "client" is a prefix of "client-address": without a separator the two inputs would be the same bytes.
        String signed = signer.sign("client", "-address198.51.100.7");

        assertThat(signer.verify("client-address", "198.51.100.7", signed)).isFalse();
        assertThat(signer.hash("client", "-address198.51.100.7")).isNotEqualTo(signer.hash("client-address", "198.51.100.7"));
        assertThat(signer.verify("client", "-address198.51.100.7", signed)).isTrue();
    }
}
