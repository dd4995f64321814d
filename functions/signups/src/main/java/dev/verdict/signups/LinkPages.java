package dev.verdict.signups;

/** The two pages a browser sees when it opens a link from our mail: each asks for a click before anything changes. */
final class LinkPages {

    private LinkPages() {
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
