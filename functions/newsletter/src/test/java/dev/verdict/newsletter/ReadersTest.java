package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which stored addresses the send function will send to: an item written by hand may hold anything. */
class ReadersTest {

    /** An address of exactly {@code length} characters, its local part made of dots and letters. */
    static String addressOf(int length) {
        String domain = "@" + "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + ".example";
        return "r".repeat(length - domain.length()) + domain;
    }

    @Test
    void sendsToAnAddressOfUpTo254Characters() {
        assertThat(Readers.deliverable(addressOf(254))).isTrue();
        assertThat(Readers.deliverable(addressOf(255))).isFalse();
        assertThat(Readers.deliverable("reader@readers.example")).isTrue();
    }

    @Test
    void doesNotSendToWhatIsNoAddress() {
        assertThat(Readers.deliverable(null)).isFalse();
        assertThat(Readers.deliverable("")).isFalse();
        assertThat(Readers.deliverable("broken address@readers.example")).isFalse();
        assertThat(Readers.deliverable("reader@localhost")).isFalse();
        assertThat(Readers.deliverable("reader@readers.example\r\nBcc: everyone@else.example")).isFalse();
    }
}
