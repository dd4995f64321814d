package dev.verdict.signups;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * The confirmation message as RFC 5322 text with MIME (RFC 2045/2046): multipart/alternative with a plain-text and an
 * HTML part, and the one-click unsubscribe headers of RFC 2369 and RFC 8058. Written by hand rather than with Jakarta
 * Mail: it is one fixed shape, every header value is ASCII we produced or validated (addresses are dot-atoms, so no
 * header can be injected), and the function starts faster without a mail library.
 */
final class ConfirmationMessage {

    static final String LIST_NAME = "Weekly AI Tool Verdicts";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";

    private ConfirmationMessage() {
    }

    static MailSender.Message render(String from, String to, String confirmUrl, String unsubscribeUrl, Instant now) {
        String domain = from.substring(from.indexOf('@') + 1);
        String messageId = UUID.randomUUID() + "@" + domain;
        String boundary = "=_verdict_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder m = new StringBuilder();
        header(m, "From", LIST_NAME + " <" + from + ">");
        header(m, "To", "<" + to + ">");
        header(m, "Subject", "Confirm your subscription to " + LIST_NAME);
        header(m, "Date", DATE.format(now));
        header(m, "Message-ID", "<" + messageId + ">");
        header(m, "MIME-Version", "1.0");
        header(m, "List-Unsubscribe", "<" + unsubscribeUrl + ">");
        header(m, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        header(m, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        m.append(CRLF);
        m.append("This is a MIME message with a plain-text and an HTML version.").append(CRLF);
        part(m, boundary, "text/plain; charset=UTF-8", text(confirmUrl, unsubscribeUrl));
        part(m, boundary, "text/html; charset=UTF-8", html(confirmUrl, unsubscribeUrl));
        m.append("--").append(boundary).append("--").append(CRLF);
        return new MailSender.Message(to, messageId, m.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void header(StringBuilder m, String name, String value) {
        m.append(name).append(": ").append(value).append(CRLF);
    }

    /**
     * A body part: 7bit when it is ASCII with short lines (readable in the raw .eml, links included), else base64.
     * Lines are limited to 998 octets by RFC 5322; ours stay far below.
     */
    private static void part(StringBuilder m, String boundary, String contentType, String body) {
        String crlf = body.replace("\r\n", "\n").replace("\n", CRLF);
        boolean plain = crlf.chars().allMatch(c -> c < 128) && crlf.lines().allMatch(line -> line.length() <= 998);
        m.append("--").append(boundary).append(CRLF);
        header(m, "Content-Type", contentType);
        header(m, "Content-Transfer-Encoding", plain ? "7bit" : "base64");
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

    private static String text(String confirmUrl, String unsubscribeUrl) {
        return """
                Hello,

                Someone, hopefully you, asked to receive %s: one email a week
                with the newest AI tool comparisons and what our panel and readers think.

                To confirm, open this link within 48 hours:

                %s

                If you did not ask for this, ignore this message: without confirmation you
                will not hear from us again.

                To unsubscribe at any time: %s
                """.formatted(LIST_NAME, confirmUrl, unsubscribeUrl);
    }

    private static String html(String confirmUrl, String unsubscribeUrl) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Confirm your subscription</title></head>
                <body style="font-family: Arial, sans-serif; line-height: 1.5; color: #222">
                <p>Hello,</p>
                <p>Someone, hopefully you, asked to receive <strong>%s</strong>: one email a week
                with the newest AI tool comparisons and what our panel and readers think.</p>
                <p><a href="%s" style="display: inline-block; padding: 10px 16px; background: #1a56db; color: #fff;
                text-decoration: none; border-radius: 4px">Confirm my subscription</a></p>
                <p>The link works for 48 hours. If you did not ask for this, ignore this message: without
                confirmation you will not hear from us again.</p>
                <p style="font-size: 12px; color: #666"><a href="%s">Unsubscribe</a></p>
                </body></html>
                """.formatted(LIST_NAME, confirmUrl, unsubscribeUrl);
    }
}
