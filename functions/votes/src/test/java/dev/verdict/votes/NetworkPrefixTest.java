package dev.verdict.votes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPrefixTest {

    @ParameterizedTest
    @CsvSource({
            "203.0.113.9,              203.0.113.0/24",
            "203.0.113.255,            203.0.113.0/24",
            "255.255.255.255,          255.255.255.0/24",
            "0.0.0.0,                  0.0.0.0/24",
            "10.0.0.1,                 10.0.0.0/24",
            "::ffff:203.0.113.77,      203.0.113.0/24",
            "2001:db8:aa:bb::1,        2001:db8:aa:bb::/64",
            "2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff, 2001:db8:aa:bb::/64",
            "2001:DB8:AA:BB:1:2:3:4,   2001:db8:aa:bb::/64",
            "::1,                      0:0:0:0::/64",
    })
    void countsAnAddressInItsSlash24OrSlash64(String address, String cidr) {
        assertThat(NetworkPrefix.of(address).cidr()).isEqualTo(cidr);
    }

    @Test
    void fourHundredAddressesOfOneSlash64AreOneNetwork() {
        for (int i = 1; i <= 400; i++) {
            assertThat(NetworkPrefix.of("2001:db8:77:1:" + Integer.toHexString(i * 97) + "::" + Integer.toHexString(i)))
                    .isEqualTo(NetworkPrefix.of("2001:db8:77:1::1"));
        }
        assertThat(NetworkPrefix.of("2001:db8:77:2::1")).isNotEqualTo(NetworkPrefix.of("2001:db8:77:1::1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "example.com", "256.1.1.1", "1.256.1.1", "1.1.256.1", "1.1.1.256", "1.2.3", "1.2.3.4.5", "fe80::1%eth0",
            ".1.2.3:4", "::g", "1:2:3:4:5:6:7:8:9", "[::1]", "999999999999999999999.1.1.1"})
    void readsAnythingElseAsTheUnknownNetworkWithoutAskingDns(String text) {
        assertThat(NetworkPrefix.of(text)).isEqualTo(NetworkPrefix.UNKNOWN);
    }
}
