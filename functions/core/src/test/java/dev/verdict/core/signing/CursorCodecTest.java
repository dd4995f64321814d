package dev.verdict.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CursorCodecTest {

    final CursorCodec codec = new CursorCodec(new Signer("a-test-secret-that-is-long-enough-0123456789"));

    @Test
    void decodesWhatItEncodedForTheSameListing() {
        String cursor = codec.encode("all", "2026-04-09T00:00:00Z#google-scion-vs-code-llama-4");

        assertThat(codec.decode("all", cursor)).contains("2026-04-09T00:00:00Z#google-scion-vs-code-llama-4");
    }

    @Test
    void refusesACursorFromAnotherListingOrKey() {
        String cursor = codec.encode("all", "2026-04-09T00:00:00Z#x");
        CursorCodec otherKey = new CursorCodec(new Signer("another-secret-that-is-long-enough-000000000"));

        assertThat(codec.decode("category:Image Generation", cursor)).isEmpty();
        assertThat(otherKey.decode("all", cursor)).isEmpty();
    }

    @Test
    void refusesTamperedAndMalformedCursors() {
        String cursor = codec.encode("all", "2026-04-09T00:00:00Z#x");
        String forgedPosition = codec.encode("all", "2026-04-09T00:00:00Z#y").split("\\.")[0] + "." + cursor.split("\\.")[1];

        assertThat(codec.decode("all", forgedPosition)).isEmpty();
        assertThat(codec.decode("all", "")).isEmpty();
        assertThat(codec.decode("all", "....")).isEmpty();
        assertThat(codec.decode("all", "%%%.abc")).isEmpty();
    }

    @Test
    void refusesACursorWithNothingBeforeItsDotEvenWhenSignedByUs() {
        // No listing issues an empty position; a cursor without one is malformed, whatever its signature.
        String noPosition = codec.encode("all", "");

        assertThat(noPosition).startsWith(".");
        assertThat(codec.decode("all", noPosition)).isEmpty();
    }

    @Test
    void refusesAGenuineCursorOverFiveHundredAndTwelveCharacters() {
        // A cursor is its position in unpadded base64url (4k, 4k+2 or 4k+3 characters), a dot and a 22-character
        // signature: 511 and 513 are the lengths either side of the cap (512 itself cannot occur).
        String longest = codec.encode("all", "p".repeat(366));
        String tooLong = codec.encode("all", "p".repeat(367));

        assertThat(longest).hasSize(511);
        assertThat(codec.decode("all", longest)).contains("p".repeat(366));
        assertThat(tooLong).hasSize(513);
        assertThat(codec.decode("all", tooLong)).isEmpty();
    }
}
