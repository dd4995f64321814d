package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void keepsTheAddressAsTypedButTrimmedAndLowerCasesTheDomain() {
        EmailAddress address = EmailAddress.parse("  Ada.Lovelace+news@Example.ORG \n");

        assertThat(address.typed()).isEqualTo("Ada.Lovelace+news@Example.ORG");
        assertThat(address.deliverTo()).isEqualTo("Ada.Lovelace+news@example.org");
        assertThat(address.key()).isEqualTo("ada.lovelace+news@example.org");
    }

    @Test
    void findsDuplicatesCaseInsensitively() {
        assertThat(EmailAddress.parse("READER@EXAMPLE.COM").key()).isEqualTo(EmailAddress.parse("reader@example.com").key());
    }

    @Test
    void convertsAnInternationalisedDomainToItsAsciiForm() {
        EmailAddress address = EmailAddress.parse("leser@Bücher.example");

        assertThat(address.typed()).isEqualTo("leser@Bücher.example");
        assertThat(address.deliverTo()).isEqualTo("leser@xn--bcher-kva.example");
        assertThat(address.key()).isEqualTo("leser@xn--bcher-kva.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "o'brien@example.ie", "x_y-z!#$%&*/=?^`{|}~@sub.example.com", "1@2.example",
            "a@xn--bcher-kva.example"})
    void acceptsPracticalAddresses(String input) {
        assertThat(EmailAddress.parse(input).deliverTo()).isEqualTo(input.substring(0, input.indexOf('@')) + input.substring(input.indexOf('@')).toLowerCase());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                               | is empty",
            "'   '                            | is empty",
            "reader.example.com               | must contain exactly one @",
            "a@b@example.com                  | must contain exactly one @",
            "'read er@example.com'            | contains spaces or control characters",
            "'\"reader\"@example.com'         | contains quotes",
            "@example.com                     | has nothing before the @",
            "reader@                          | has nothing after the @",
            ".reader@example.com              | dot at the start or end of the part before the @",
            "reader.@example.com              | dot at the start or end of the part before the @",
            "rea..der@example.com             | two dots in a row",
            "reader@example..com              | two dots in a row",
            "reader@.example.com              | dot at the start or end of the domain",
            "reader@localhost                 | has a domain without a dot",
            "reader@-example.com              | not a valid host name",
            "reader@exa_mple.com              | not a valid host name",
            "reader@example.123               | not a valid host name",
            "read(er)@example.com             | characters that are not allowed before the @",
            "reader@[192.0.2.1]               | not a valid host name",
            "léser@example.com                | characters that are not allowed before the @",
    })
    void refusesEachBrokenRuleWithAReasonThatDoesNotRepeatTheAddress(String input, String reason) {
        assertThatThrownBy(() -> EmailAddress.parse(input))
                .isInstanceOf(EmailAddress.InvalidAddress.class)
                .hasMessageContaining(reason.strip());
        try {
            EmailAddress.parse(input);
        } catch (EmailAddress.InvalidAddress e) {
            if (!input.isBlank()) {
                assertThat(e.getMessage()).doesNotContain(input.strip());
            }
        }
    }

    /**
     * An ASCII domain skips java.net.IDN (whose class initialisation reads ICU's tables): it must come out as IDN's
     * ToASCII with the STD3 rules would have it, accepted and refused alike, for every kind of ASCII label.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Example.COM", "a-b.example", "a--b.example", "xn--bcher-kva.example", "XN--BCHER-KVA.Example",
            "-a.example", "a-.example", "a_b.example", "a!b.example", "a+b.example", "a*b.example", "1.2.3.4",
            "123.example", "ex ample.com", "a.b.c.d.e.example", "tab\tdomain.example",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk.example",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl.example"})
    void treatsAnAsciiDomainAsIdnWould(String domain) {
        String viaIdn;
        try {
            viaIdn = java.net.IDN.toASCII(domain, java.net.IDN.USE_STD3_ASCII_RULES).toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException refused) {
            viaIdn = null;
        }
        String parsed;
        try {
            String address = EmailAddress.parse("reader@" + domain).deliverTo();
            parsed = address.substring(address.indexOf('@') + 1);
        } catch (EmailAddress.InvalidAddress refused) {
            parsed = null;
        }

        if (parsed != null) {
            assertThat(parsed).isEqualTo(viaIdn);
        }
        if (viaIdn == null) {
            assertThat(parsed).isNull();
        }
    }

    @Test
    void refusesControlCharactersThatCouldInjectMailHeaders() {
        assertThatThrownBy(() -> EmailAddress.parse("reader@example.com\r\nBcc: victim@example.net"))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> EmailAddress.parse("reader\u0000@example.com")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> EmailAddress.parse("reader\u00a0x@example.com")).hasMessageContaining("spaces");
    }

    @Test
    void refusesALocalPartOver64Octets() {
        assertThat(EmailAddress.parse("a".repeat(64) + "@example.com").deliverTo()).startsWith("a".repeat(64));
        assertThatThrownBy(() -> EmailAddress.parse("a".repeat(65) + "@example.com")).hasMessageContaining("more than 64");
    }

    @Test
    void refusesAWholeAddressOver254Octets() {
        String domain = "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + "." + "g".repeat(56) + ".com"; // 243
        String fits = "a".repeat(254 - 1 - domain.length()) + "@" + domain;
        assertThat(fits).hasSize(254);
        assertThat(EmailAddress.parse(fits).deliverTo()).hasSize(254);
        assertThatThrownBy(() -> EmailAddress.parse("a" + fits)).hasMessageContaining("longer than 254");
    }

    @Test
    void measuresTheLengthOfAnInternationalisedDomainInItsAsciiForm() {
        // 60 ü's are 60 characters as typed but far more than 63 octets once encoded: not a valid label.
        assertThatThrownBy(() -> EmailAddress.parse("a@" + "ü".repeat(60) + ".example")).hasMessageContaining("not a valid host name");
    }

    @Test
    void refusesALabelLongerThan63Characters() {
        assertThat(EmailAddress.parse("a@" + "b".repeat(63) + ".example").deliverTo()).isNotEmpty();
        assertThatThrownBy(() -> EmailAddress.parse("a@" + "b".repeat(64) + ".example")).hasMessageContaining("not a valid host name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@xn--zz.example", "a@xn--a.example", "a@xn--0.example", "a@sub.xn--zz.example",
            "a@xn--ls8h.example"})
    void refusesALabelThatLooksLikePunycodeButDoesNotDecode(String input) {
        assertThatThrownBy(() -> EmailAddress.parse(input)).isInstanceOf(EmailAddress.InvalidAddress.class)
                .hasMessage("has a domain that is not a valid host name");
    }

    @Test
    void acceptsGenuinePunycodeInEitherCase() {
        assertThat(EmailAddress.parse("a@XN--BCHER-KVA.example").deliverTo()).isEqualTo("a@xn--bcher-kva.example");
        assertThat(EmailAddress.parse("a@xn--e1afmkfd.example").domain()).isEqualTo("xn--e1afmkfd.example");
    }

    @Test
    void foldsSubAddressTagsAndCaseIntoOneMailbox() {
        assertThat(EmailAddress.parse("Victim+1@Example.com").mailbox()).isEqualTo("victim@example.com");
        assertThat(EmailAddress.parse("victim+news+x@example.com").mailbox()).isEqualTo("victim@example.com");
        assertThat(EmailAddress.parse("VICTIM@example.com").mailbox()).isEqualTo("victim@example.com");
        assertThat(EmailAddress.parse("+tag@example.com").mailbox()).isEqualTo("+tag@example.com");
        assertThat(EmailAddress.parse("a.b-c@Bücher.example").mailbox()).isEqualTo("a.b-c@xn--bcher-kva.example");
        assertThat(EmailAddress.parse("victim+1@Example.com").domain()).isEqualTo("example.com");
    }
}
