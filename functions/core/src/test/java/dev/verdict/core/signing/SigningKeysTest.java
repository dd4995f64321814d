package dev.verdict.core.signing;

import static dev.verdict.core.signing.SignerTest.A;
import static dev.verdict.core.signing.SignerTest.OLD;
import static dev.verdict.core.signing.SignerTest.ring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signing-key secret's two forms, the bounds of what it accepts, and how the keys print. */
class SigningKeysTest {

    @Test
    void takesAKeyIdFromEitherEndOfTheBase64UrlAlphabet() {
        assertThat(SigningKeys.parse(ring("A", null, "A", A)).current()).contains('A');
        assertThat(SigningKeys.parse(ring("_", null, "_", A)).current()).contains('_');
    }

    @Test
    void refusesAOneCharacterIdOutsideTheAlphabet() {
        assertThatThrownBy(() -> SigningKeys.parse(ring("!", null, "!", A)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one character of");
        assertThatThrownBy(() -> SigningKeys.parse(ring(".", null, ".", A)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one character of");
    }

    @Test
    void takesAKeyOfExactlyThirtyTwoCharactersAndNotOneShorter() {
        String thirtyTwo = "k".repeat(SigningKeys.MIN_LENGTH);

        assertThat(SigningKeys.parse(thirtyTwo).legacy()).isPresent();
        assertThat(SigningKeys.parse(ring("a", null, "a", thirtyTwo)).keys()).containsOnlyKeys('a');
        assertThatThrownBy(() -> SigningKeys.parse(thirtyTwo.substring(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32");
    }

    @Test
    void refusesAMissingSecretAsTooShort() {
        assertThatThrownBy(() -> SigningKeys.parse(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32");
    }

    @Test
    void refusesJsonThatListsNoKeysSayingSo() {
        assertThatThrownBy(() -> SigningKeys.parse("{\"current\":\"a\",\"keys\":{}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> SigningKeys.parse("{\"current\":\"a\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
        assertThatThrownBy(() -> SigningKeys.parse("{\"current\":\"a\",\"keys\":[\"" + A + "\"]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one key");
    }

    @Test
    void printsWhichKeysItHoldsButNoSecret() {
        String printed = SigningKeys.parse(ring("b", OLD, "a", A, "b", SignerTest.B)).toString();

        assertThat(printed).contains("current=" + Optional.of('b')).containsPattern("ids=\\[(a, b|b, a)\\]").contains("legacy=true")
                .doesNotContain(A).doesNotContain(SignerTest.B).doesNotContain(OLD);
        assertThat(SigningKeys.parse(OLD).toString()).contains("legacy=true").contains("ids=[]");
    }
}
