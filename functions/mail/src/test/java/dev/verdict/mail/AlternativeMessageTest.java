package dev.verdict.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw message as written: headers that cannot be split, and each body part's encoding. */
class AlternativeMessageTest {

    static String raw(String text) {
        var message = new AlternativeMessage("Verdicts", "news@verdicts.example", "reader@example.net", "Hello",
                Instant.parse("2026-11-28T09:00:00Z"), "id-1@verdicts.example", List.of(), text, "<p>hi</p>");
        return new String(message.render().mime(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hi\r\nBcc: someone@else.example", "hi\nthere", "tab\there", "del\u007f", "caf\u00e9"})
    void refusesAHeaderThatIsNotOneLineOfPrintableAscii(String value) {
        assertThatThrownBy(() -> new AlternativeMessage.Header("Subject", value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
    }

    @Test
    void takesAHeaderOfSpacesAndTildes() {
        assertThat(new AlternativeMessage.Header("X-Note", " ~ ").value()).isEqualTo(" ~ ");
    }

    @Test
    void writesShortAsciiLinesAs7bitEndingInALineBreak() {
        String raw = raw("Line one\nline two " + "a".repeat(989));   // the second line is 998 octets

        assertThat(raw).contains("Content-Transfer-Encoding: 7bit\r\n\r\nLine one\r\nline two ")
                .contains("a".repeat(989) + "\r\n--=_verdict_");
    }

    @Test
    void writesALineLongerThan998OctetsAsBase64() {
        assertThat(raw("b".repeat(999))).doesNotContain("b".repeat(999))
                .contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64");
    }

    @Test
    void writesTextBeyondAsciiAsBase64() {
        assertThat(raw("\u0080 first of the upper half")).doesNotContain("first of the upper half")
                .contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64");
    }
}
