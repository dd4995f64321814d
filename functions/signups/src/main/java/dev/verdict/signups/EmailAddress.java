package dev.verdict.signups;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A subscriber's address, checked against a practical subset of RFC 5321/5322 (dot-atom local part, host-name domain)
 * rather than the full grammar: quoted local parts, comments and address literals are legal but are typos or attacks
 * in a newsletter form, and refusing them means the address can go into a mail header as it is.
 *
 * @param typed     as the reader typed it, trimmed: what we show and send to (with the domain in ASCII form)
 * @param deliverTo the local part as typed and the domain in ASCII (IDNA) form, lower-cased: what goes on the wire
 * @param key       {@code deliverTo} lower-cased: one subscriber per key, so duplicates are found case-insensitively
 */
public record EmailAddress(String typed, String deliverTo, String key) {

    /** RFC 5321 §4.5.3.1: 64 octets for the local part, and 254 for a whole address that fits in a path. */
    static final int MAX_LOCAL_OCTETS = 64;
    static final int MAX_OCTETS = 254;

    /** atext of RFC 5322 §3.2.3 (ASCII only: SES and most mailboxes do not accept SMTPUTF8 local parts). */
    private static final Pattern LOCAL_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    /** Why an address was refused; the message never repeats the address, since error bodies must not. */
    public static final class InvalidAddress extends RuntimeException {
        InvalidAddress(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The mailbox that receives mail for this address, for limits on how often we write to it: the domain, and the
     * local part lower-cased and without a sub-address tag (RFC 5233 {@code +tag}, which the large providers deliver
     * to the untagged mailbox), so {@code Victim+1@…} and {@code victim+2@…} are one mailbox. Other aliasing rules
     * (dots, other separators) differ by provider and are left alone.
     */
    public String mailbox() {
        int at = deliverTo.lastIndexOf('@');
        String local = deliverTo.substring(0, at).toLowerCase(Locale.ROOT);
        int plus = local.indexOf('+');
        return (plus > 0 ? local.substring(0, plus) : local) + "@" + domain();
    }

    /** The domain in ASCII form, lower-cased. */
    public String domain() {
        return deliverTo.substring(deliverTo.lastIndexOf('@') + 1);
    }

    public static EmailAddress parse(String input) {
        String typed = input.strip();
        if (typed.isEmpty()) {
            throw new InvalidAddress("is empty");
        }
        // Checked on the raw input before anything else, so CR/LF (header injection), NUL and friends never go further.
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new InvalidAddress("contains spaces or control characters");
            }
            if (c == '"') {
                throw new InvalidAddress("contains quotes");
            }
        }
        int at = typed.indexOf('@');
        if (at < 0 || at != typed.lastIndexOf('@')) {
            throw new InvalidAddress("must contain exactly one @");
        }
        String local = typed.substring(0, at);
        String domain = typed.substring(at + 1);
        checkLocal(local);
        String asciiDomain = asciiDomain(domain);
        String deliverTo = local + "@" + asciiDomain;
        if (deliverTo.getBytes(StandardCharsets.US_ASCII).length > MAX_OCTETS) {
            throw new InvalidAddress("is longer than " + MAX_OCTETS + " characters");
        }
        return new EmailAddress(typed, deliverTo, deliverTo.toLowerCase(Locale.ROOT));
    }

    private static void checkLocal(String local) {
        if (local.isEmpty()) {
            throw new InvalidAddress("has nothing before the @");
        }
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_OCTETS) {
            throw new InvalidAddress("has more than " + MAX_LOCAL_OCTETS + " characters before the @");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidAddress("has a dot at the start or end of the part before the @, or two dots in a row");
        }
        for (String atom : local.split("\\.")) {
            if (!LOCAL_ATOM.matcher(atom).matches()) {
                throw new InvalidAddress("has characters that are not allowed before the @");
            }
        }
    }

    /**
     * A label in ACE form ({@code xn--…}, RFC 5890 §2.3.2.1) must be the ASCII form of some Unicode label: IDN.toASCII
     * passes ASCII labels through unchecked, so {@code xn--zz} would otherwise be taken although no mail system can
     * resolve it. Java's IDN answers an undecodable label unchanged, so it must decode and encode back to itself.
     */
    private static boolean validALabel(String label) {
        if (!label.startsWith("xn--")) {
            return true;
        }
        String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
        if (unicode.equals(label)) {
            return false;
        }
        try {
            return IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT).equals(label);
        } catch (IllegalArgumentException notReversible) {
            return false;
        }
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /** The domain in its ASCII form (IDNA, so bücher.example becomes xn--bcher-kva.example), lower-cased and checked. */
    private static String asciiDomain(String domain) {
        if (domain.isEmpty()) {
            throw new InvalidAddress("has nothing after the @");
        }
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            throw new InvalidAddress("has a dot at the start or end of the domain, or two dots in a row");
        }
        String ascii;
        if (isAscii(domain)) {
            // ToASCII leaves an ASCII label as it is, after the STD3 check the label pattern below also makes (RFC
            // 3490 §4.1), so java.net.IDN is not needed here: its class initialisation reads ICU's Nameprep tables
            // (11 ms of a cold function's first signup, measured), for the domains nearly every reader types.
            ascii = domain.toLowerCase(Locale.ROOT);
        } else {
            try {
                ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidAddress("has a domain that is not a valid host name");
            }
        }
        String[] labels = ascii.split("\\.");
        if (labels.length < 2) {
            throw new InvalidAddress("has a domain without a dot");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches() || !validALabel(label)) {
                throw new InvalidAddress("has a domain that is not a valid host name");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new InvalidAddress("has a domain that is not a valid host name");
        }
        return ascii;
    }
}
