package dev.verdict.signups;

import dev.verdict.core.config.Settings;
import dev.verdict.core.config.SiteUrl;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How and as whom the confirmation mailer sends, read only by that function.
 *
 * @param sender           {@code ses} (Amazon SES v2, the default) or {@code outbox} (one .eml file per message)
 * @param fromAddress      the verified sender (SES identity), as in the From header
 * @param configurationSet SES configuration set (event publishing, suppression), if any
 * @param linkBaseUrl      where the confirm and unsubscribe links in a message point, without a trailing slash
 * @param failureQueueUrl  the SQS queue that records messages refused for good; empty locally
 * @param dataDir          only off AWS: the local stack's data directory, home of the outbox and the refused messages
 */
public record MailSettings(String sender, String fromAddress, Optional<String> configurationSet, String linkBaseUrl,
                           Optional<String> failureQueueUrl, Optional<Path> dataDir) {

    public static final String MAIL_SENDER = "MAIL_SENDER";
    public static final String SENDER_ADDRESS = "SENDER_ADDRESS";
    public static final String MAIL_CONFIGURATION_SET = "MAIL_CONFIGURATION_SET";
    /** Base of the links in mail; blank means SITE_URL (the site's CDN forwards /subscriptions/* to the API). */
    public static final String LINK_BASE_URL = "LINK_BASE_URL";
    public static final String MAIL_FAILURE_QUEUE_URL = "MAIL_FAILURE_QUEUE_URL";
    /** Off AWS only: the local stack's data directory. */
    public static final String DATA_DIR = "DATA_DIR";

    public static MailSettings from(Settings settings) {
        String sender = settings.optional(MAIL_SENDER).orElse("ses");
        if (!sender.equals("ses") && !sender.equals("outbox")) {
            throw new IllegalStateException(MAIL_SENDER + " must be 'ses' or 'outbox'");
        }
        // SITE_URL is asked for even when a link base is given: it is what a blank LINK_BASE_URL means.
        String site = SiteUrl.from(settings).value();
        String linkBase = settings.optional(LINK_BASE_URL).map(url -> url.replaceAll("/+$", "")).orElse(site);
        var mail = new MailSettings(sender,
                settings.optional(SENDER_ADDRESS).orElse("verdicts@verdicts.example"),
                settings.optional(MAIL_CONFIGURATION_SET),
                linkBase,
                settings.optional(MAIL_FAILURE_QUEUE_URL),
                settings.offAws(DATA_DIR).map(Path::of));
        if (sender.equals("outbox") && mail.dataDir().isEmpty()) {
            throw new IllegalStateException(MAIL_SENDER + "=outbox needs " + DATA_DIR);
        }
        if (mail.failureQueueUrl().isEmpty() && mail.dataDir().isEmpty()) {
            // Off AWS refused messages go to a directory under DATA_DIR; on AWS to the queue, which it then needs.
            settings.require(MAIL_FAILURE_QUEUE_URL);
        }
        return mail;
    }
}
