package dev.verdict.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The signing settings as a log line or an error shows them: whether a local key is set, never the key. */
class SigningSettingsTest {

    static final String KEY = "a-signing-key-that-nobody-should-ever-see-0123";

    @Test
    void printsThatALocalKeyIsSetWithoutPrintingIt() {
        String printed = new SigningSettings(Optional.of(KEY), Optional.empty()).toString();

        assertThat(printed).contains("localKey=(set)").doesNotContain(KEY);
    }

    @Test
    void printsThatThereIsNoLocalKeyAndTheSecretItReadsInstead() {
        String printed = new SigningSettings(Optional.empty(), Optional.of("verdict/signing-key")).toString();

        assertThat(printed).contains("localKey=(none)").contains("verdict/signing-key");
    }
}
