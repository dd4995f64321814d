package dev.verdict.votes;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The network a client address is counted in when it creates voters: its IPv4 /24 or its IPv6 /64. One household,
 * one cloud machine or one script usually holds a whole /64 (or many addresses of a /24), so counting per address would
 * let it pose as thousands of networks. An address that cannot be read (only direct invocations send one) counts in a
 * network of its own, {@code unknown}. Only a keyed hash of {@link #cidr()} is ever stored.
 */
record NetworkPrefix(String cidr) {

    static final NetworkPrefix UNKNOWN = new NetworkPrefix("unknown");

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /**
     * Hex digits and colons (an embedded IPv4 tail may add dots), starting with a hex digit or a colon: with a colon in
     * it, InetAddress reads such text as an IPv6 literal and never asks DNS.
     */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    static NetworkPrefix of(String sourceIp) {
        String text = sourceIp == null ? "" : sourceIp.trim();
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            int[] octets = new int[3];
            for (int i = 0; i < 3; i++) {
                octets[i] = Integer.parseInt(v4.group(i + 1));
            }
            if (octets[0] > 255 || octets[1] > 255 || octets[2] > 255 || Integer.parseInt(v4.group(4)) > 255) {
                return UNKNOWN;
            }
            return new NetworkPrefix(octets[0] + "." + octets[1] + "." + octets[2] + ".0/24");
        }
        if (text.indexOf(':') < 0 || !IPV6.matcher(text).matches()) {
            return UNKNOWN;
        }
        try {
            InetAddress address = InetAddress.getByName(text);
            byte[] bytes = address.getAddress();
            if (address instanceof Inet4Address) {
                // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 client it maps.
                return new NetworkPrefix((bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24");
            }
            if (address instanceof Inet6Address) {
                StringBuilder cidr = new StringBuilder();
                for (int group = 0; group < 4; group++) {
                    cidr.append(Integer.toHexString(((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff)))
                            .append(':');
                }
                return new NetworkPrefix(cidr.append(":/64").toString());
            }
            return UNKNOWN;
        } catch (UnknownHostException notAnAddress) {
            return UNKNOWN;
        }
    }
}
