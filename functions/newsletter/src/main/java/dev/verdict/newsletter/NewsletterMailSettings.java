package dev.verdict.newsletter;

import dev.verdict.core.config.Settings;
import dev.verdict.core.config.SiteUrl;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How and as whom the issue is sent, read only by the send function. The same variable names as the confirmation
 * mailer's (MailSettings in signups), so one stack sets both the same way.
 *
 * @param siteUrl     the site: comparison pages and the issue's archive page
 * @param linkBaseUrl where unsubscribe links point (blank LINK_BASE_URL: the site, whose CDN forwards /subscriptions/*)
 * @param dataDir     only off AWS: the local stack's data directory, home of the outbox
 */
public record NewsletterMailSettings(String sender, String fromAddress, Optional<String> configurationSet, String siteUrl,
                                     String linkBaseUrl, Optional<Path> dataDir) {

    public static NewsletterMailSettings from(Settings settings) {
        String sender = settings.optional("MAIL_SENDER").orElse("ses");
        if (!sender.equals("ses") && !sender.equals("outbox")) {
            throw new IllegalStateException("MAIL_SENDER must be 'ses' or 'outbox'");
        }
        String site = SiteUrl.from(settings).value();
        var mail = new NewsletterMailSettings(sender, settings.optional("SENDER_ADDRESS").orElse("verdicts@verdicts.example"),
                settings.optional("MAIL_CONFIGURATION_SET"), site,
                settings.optional("LINK_BASE_URL").map(url -> url.replaceAll("/+$", "")).orElse(site),
                settings.offAws("DATA_DIR").map(Path::of));
        if (sender.equals("outbox") && mail.dataDir().isEmpty()) {
            throw new IllegalStateException("MAIL_SENDER=outbox needs DATA_DIR");
        }
        return mail;
    }
}
