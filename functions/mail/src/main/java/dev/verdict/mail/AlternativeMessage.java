package dev.verdict.mail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One message as RFC 5322 text with MIME (RFC 2045/2046): multipart/alternative with a plain-text and an HTML part.
 * Written by hand rather than with Jakarta Mail: it is one fixed shape, every header value is ASCII the caller produced
 * or validated (addresses are dot-atoms, so no header can be injected), and a function starts faster without a mail
 * library. Both mailers (confirmation and newsletter) write through it.
 *
 * @param fromName  the display name in From (ASCII)
 * @param from      the sender address
 * @param to        the one recipient
 * @param subject   ASCII subject
 * @param messageId left part and domain of the Message-ID, without angle brackets
 * @param headers   further headers in order (List-Unsubscribe, List-Id, …), each already a valid ASCII value
 */
public record AlternativeMessage(String fromName, String from, String to, String subject, Instant date,
                                 String messageId, List<Header> headers, String text, String html) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";

    public record Header(String name, String value) {
        public Header {
            if (!(name + value).chars().allMatch(c -> c >= 32 && c < 127)) {
                // A CR or LF here would start a header of someone else's choosing.
                throw new IllegalArgumentException("header " + name + " is not one line of printable ASCII");
            }
        }
    }

    public AlternativeMessage {
        headers = List.copyOf(headers);
    }

    /** A random Message-ID in the sender's domain. */
    public static String randomMessageId(String from) {
        return UUID.randomUUID() + "@" + from.substring(from.indexOf('@') + 1);
    }

    public MailSender.Message render() {
        String boundary = "=_verdict_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder m = new StringBuilder();
        header(m, new Header("From", fromName + " <" + from + ">"));
        header(m, new Header("To", "<" + to + ">"));
        header(m, new Header("Subject", subject));
        header(m, new Header("Date", DATE.format(date)));
        header(m, new Header("Message-ID", "<" + messageId + ">"));
        header(m, new Header("MIME-Version", "1.0"));
        headers.forEach(h -> header(m, h));
        header(m, new Header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\""));
        m.append(CRLF);
        m.append("This is a MIME message with a plain-text and an HTML version.").append(CRLF);
        part(m, boundary, "text/plain; charset=UTF-8", text);
        part(m, boundary, "text/html; charset=UTF-8", html);
        m.append("--").append(boundary).append("--").append(CRLF);
        return new MailSender.Message(to, messageId, m.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void header(StringBuilder m, Header h) {
        m.append(h.name()).append(": ").append(h.value()).append(CRLF);
    }

    /**
     * A body part: 7bit when it is ASCII with short lines (readable in the raw .eml, links included), else base64.
     * Lines are limited to 998 octets by RFC 5322.
     */
    private static void part(StringBuilder m, String boundary, String contentType, String body) {
        String crlf = body.replace("\r\n", "\n").replace("\n", CRLF);
        boolean plain = crlf.chars().allMatch(c -> c < 128) && crlf.lines().allMatch(line -> line.length() <= 998);
        m.append("--").append(boundary).append(CRLF);
        header(m, new Header("Content-Type", contentType));
        header(m, new Header("Content-Transfer-Encoding", plain ? "7bit" : "base64"));
        m.append(CRLF);
        if (plain) {
            m.append(crlf);
            if (!crlf.endsWith(CRLF)) {
                m.append(CRLF);
            }
        } else {
            m.append(Base64.getMimeEncoder().encodeToString(crlf.getBytes(StandardCharsets.UTF_8))).append(CRLF);
        }
    }
}
