package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.config.Settings;
import dev.verdict.core.config.SiteUrl;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mailer's settings, as template.yaml gives them on AWS and the local stack off it. */
class MailSettingsTest {

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(SiteUrl.SITE_URL, "https://verdicts.example");
        env.put(MailSettings.MAIL_FAILURE_QUEUE_URL, "https://sqs.us-east-1.amazonaws.com/000000000000/failures");
        return env;
    }

    @Test
    void sendsMailAsConfiguredWithLinksToTheSiteUnlessALinkBaseIsGiven() {
        Map<String, String> outbox = environment();
        outbox.put(MailSettings.MAIL_SENDER, "outbox");
        outbox.put(MailSettings.MAIL_CONFIGURATION_SET, " ");
        outbox.put(MailSettings.DATA_DIR, "/tmp/verdict-data");
        Map<String, String> linked = environment();
        linked.put(MailSettings.LINK_BASE_URL, "https://api.verdicts.example/");
        linked.put(MailSettings.MAIL_CONFIGURATION_SET, "verdict-mail");

        var local = MailSettings.from(new Settings(outbox::get));
        var cloud = MailSettings.from(new Settings(linked::get));

        assertThat(local.sender()).isEqualTo("outbox");
        assertThat(local.configurationSet()).isEmpty();
        assertThat(local.linkBaseUrl()).isEqualTo("https://verdicts.example");
        assertThat(local.dataDir()).contains(Path.of("/tmp/verdict-data"));
        assertThat(cloud.sender()).isEqualTo("ses");
        assertThat(cloud.configurationSet()).contains("verdict-mail");
        assertThat(cloud.linkBaseUrl()).isEqualTo("https://api.verdicts.example");
        assertThat(cloud.dataDir()).isEmpty();
    }

    @Test
    void refusesToStartWithoutWhatItNeedsNamingIt() {
        Map<String, String> noSite = environment();
        noSite.remove(SiteUrl.SITE_URL);
        Map<String, String> noQueue = environment();
        noQueue.remove(MailSettings.MAIL_FAILURE_QUEUE_URL);
        Map<String, String> outboxWithoutDir = environment();
        outboxWithoutDir.put(MailSettings.MAIL_SENDER, "outbox");
        Map<String, String> unknownSender = environment();
        unknownSender.put(MailSettings.MAIL_SENDER, "smtp");

        assertThatThrownBy(() -> MailSettings.from(new Settings(noSite::get))).hasMessage("missing configuration: SITE_URL");
        assertThatThrownBy(() -> MailSettings.from(new Settings(noQueue::get)))
                .hasMessage("missing configuration: MAIL_FAILURE_QUEUE_URL");
        assertThatThrownBy(() -> MailSettings.from(new Settings(outboxWithoutDir::get))).hasMessage("MAIL_SENDER=outbox needs DATA_DIR");
        assertThatThrownBy(() -> MailSettings.from(new Settings(unknownSender::get))).hasMessageContaining("MAIL_SENDER");
    }
}
