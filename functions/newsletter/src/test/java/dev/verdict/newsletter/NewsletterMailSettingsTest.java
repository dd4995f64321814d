package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.config.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The send function's mail settings, read once at start: a wrong one fails the start with a line that names it. */
class NewsletterMailSettingsTest {

    static NewsletterMailSettings from(Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(Map.of("SITE_URL", "https://verdicts.example"));
        env.putAll(variables);
        return NewsletterMailSettings.from(new Settings(env::get));
    }

    @Test
    void sendsThroughSesUnlessTold() {
        NewsletterMailSettings mail = from(Map.of());

        assertThat(mail.sender()).isEqualTo("ses");
        assertThat(mail.linkBaseUrl()).isEqualTo("https://verdicts.example");
        assertThat(mail.dataDir()).isEmpty();
    }

    @Test
    void writesToTheOutboxUnderTheDataDirectoryWhenToldTo() {
        NewsletterMailSettings mail = from(Map.of("MAIL_SENDER", "outbox", "DATA_DIR", "/tmp/verdict-data"));

        assertThat(mail.sender()).isEqualTo("outbox");
        assertThat(mail.dataDir()).contains(Path.of("/tmp/verdict-data"));
    }

    @Test
    void refusesAnyOtherSenderAndAnOutboxWithoutADataDirectory() {
        assertThatThrownBy(() -> from(Map.of("MAIL_SENDER", "smtp"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("MAIL_SENDER must be 'ses' or 'outbox'");
        assertThatThrownBy(() -> from(Map.of("MAIL_SENDER", "outbox"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("MAIL_SENDER=outbox needs DATA_DIR");
    }

    @Test
    void linksGoToTheLinkBaseWithoutItsTrailingSlashes() {
        assertThat(from(Map.of("LINK_BASE_URL", "http://localhost:3000//")).linkBaseUrl()).isEqualTo("http://localhost:3000");
    }
}
