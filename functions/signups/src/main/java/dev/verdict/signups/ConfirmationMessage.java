package dev.verdict.signups;

import dev.verdict.mail.AlternativeMessage;
import dev.verdict.mail.AlternativeMessage.Header;
import dev.verdict.mail.MailSender;
import java.time.Instant;
import java.util.List;

/**
 * The confirmation message: multipart/alternative text and HTML ({@link AlternativeMessage}) with the one-click
 * unsubscribe headers of RFC 2369 and RFC 8058.
 */
final class ConfirmationMessage {

    static final String LIST_NAME = "Weekly AI Tool Verdicts";

    private ConfirmationMessage() {
    }

    static MailSender.Message render(String from, String to, String confirmUrl, String unsubscribeUrl, Instant now) {
        return new AlternativeMessage(LIST_NAME, from, to, "Confirm your subscription to " + LIST_NAME, now,
                AlternativeMessage.randomMessageId(from),
                List.of(new Header("List-Unsubscribe", "<" + unsubscribeUrl + ">"),
                        new Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")),
                text(confirmUrl, unsubscribeUrl), html(confirmUrl, unsubscribeUrl)).render();
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
