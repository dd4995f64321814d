package dev.verdict.signups;

import dev.verdict.core.http.ApiRequest;
import java.util.Locale;

/** What a link's opener wants back: a browser (HTML) or a program (JSON), by the Accept header's preferences. */
final class Browser {

    private Browser() {
    }

    /**
     * True when text/html is acceptable and preferred over JSON. Browsers list text/html explicitly and reach JSON only
     * through a lower-weighted *&#47;*; curl, fetch() and mail clients send *&#47;* or JSON, and get JSON.
     */
    static boolean prefersHtml(ApiRequest request) {
        String accept = request.header("Accept").orElse("");
        double html = quality(accept, "text", "html");
        double json = Math.max(quality(accept, "application", "json"), quality(accept, "application", "problem+json"));
        return html > 0 && html > json;
    }

    /** The q-value of the most specific range in {@code accept} that matches type/subtype (RFC 9110 §12.5.1). */
    static double quality(String accept, String type, String subtype) {
        int bestSpecificity = -1;
        double best = 0;
        for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].trim();
            int specificity = media.equals(type + "/" + subtype) ? 2 : media.equals(type + "/*") ? 1 : media.equals("*/*") ? 0 : -1;
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                best = q(parts);
            }
        }
        return best;
    }

    private static double q(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Math.max(0, Math.min(1, Double.parseDouble(parameter.substring(2))));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /**
     * The page a browser sees for an unsubscribe link (styled by the site's stylesheet, on the same origin: the site's
     * Content-Security-Policy allows no inline style): a button, not an action, because link scanners and prefetchers
     * open every GET in a message and must not unsubscribe anyone. {@code token} is well-formed base64url (checked
     * before we get here), so it is safe inside the attribute as it is.
     */
    static String unsubscribePage(String token) {
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Unsubscribe from Weekly AI Tool Verdicts</title>
                <link rel="stylesheet" href="/assets/site.css"></head>
                <body class="link-page">
                <h1>Unsubscribe from Weekly AI Tool Verdicts?</h1>
                <p>You will get no more messages from us. You can sign up again at any time.</p>
                <form method="post" action="?token=%s">
                <input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Unsubscribe</button>
                </form>
                </body>
                </html>
                """.formatted(token);
    }

    /**
     * The page a browser sees for a confirmation link: a button, not an action, for the same reason as
     * {@link #unsubscribePage}: a mail scanner that opens every link must not subscribe anyone.
     */
    static String confirmPage(String token) {
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="robots" content="noindex">
                <title>Confirm your subscription to Weekly AI Tool Verdicts</title>
                <link rel="stylesheet" href="/assets/site.css"></head>
                <body class="link-page">
                <h1>Confirm your subscription to Weekly AI Tool Verdicts?</h1>
                <p>One email a week with the newest AI tool comparisons. Every email has a one-click unsubscribe link.</p>
                <form method="post" action="?token=%s">
                <button type="submit">Confirm my subscription</button>
                </form>
                <p class="note">If you did not ask for this, close this page: without a click
                here you will not hear from us again.</p>
                </body>
                </html>
                """.formatted(token);
    }
}
