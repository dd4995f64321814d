package dev.verdict.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function's configuration, as template.yaml's environment gives it. */
class ServiceConfigTest {

    static final String KEY = "a-signing-key-that-nobody-should-ever-see-0123";

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(ServiceConfig.CONTENT_TABLE, "content");
        env.put(ServiceConfig.VOTES_TABLE, "votes");
        env.put(ServiceConfig.SUBSCRIBERS_TABLE, "subscribers");
        env.put(ServiceConfig.RATE_LIMIT_TABLE, "rate-limits");
        env.put(ServiceConfig.ALLOWED_ORIGIN, "https://verdicts.example");
        env.put(ServiceConfig.SIGNING_KEY, KEY);
        env.put(ServiceConfig.SITE_URL, "https://verdicts.example");
        return env;
    }

    @Test
    void refusesToStartWithoutItsRequiredVariablesNamingEachMissingOne() {
        Map<String, String> env = environment();
        env.remove(ServiceConfig.CONTENT_TABLE);
        env.put(ServiceConfig.SITE_URL, "  ");

        assertThatThrownBy(() -> ServiceConfig.from(env::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ServiceConfig.CONTENT_TABLE)
                .hasMessageContaining(ServiceConfig.SITE_URL)
                .hasMessageNotContaining(ServiceConfig.VOTES_TABLE);
    }

    @Test
    void takesTheRegionAndTheLocalEndpointWhenGivenAndDefaultsWhenBlank() {
        Map<String, String> given = environment();
        given.put(ServiceConfig.AWS_REGION, "eu-west-1");
        given.put(ServiceConfig.DYNAMODB_ENDPOINT, "http://127.0.0.1:8000");
        Map<String, String> blank = environment();
        blank.put(ServiceConfig.AWS_REGION, " ");
        blank.put(ServiceConfig.DYNAMODB_ENDPOINT, "");

        ServiceConfig onAws = ServiceConfig.from(given::get);
        ServiceConfig defaults = ServiceConfig.from(blank::get);

        assertThat(onAws.region()).isEqualTo("eu-west-1");
        assertThat(onAws.dynamoEndpoint()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(8000));
        assertThat(defaults.region()).isEqualTo("us-east-1");
        assertThat(defaults.dynamoEndpoint()).isEmpty();
    }

    @Test
    void sendsMailAsConfiguredWithLinksToTheSiteUnlessALinkBaseIsGiven() {
        Map<String, String> outbox = environment();
        outbox.put(ServiceConfig.MAIL_SENDER, "outbox");
        outbox.put(ServiceConfig.MAIL_CONFIGURATION_SET, " ");
        outbox.put(ServiceConfig.DATA_DIR, "/tmp/verdict-data");
        Map<String, String> linked = environment();
        linked.put(ServiceConfig.LINK_BASE_URL, "https://api.verdicts.example");
        linked.put(ServiceConfig.MAIL_CONFIGURATION_SET, "verdict-mail");

        var local = ServiceConfig.from(outbox::get);
        var cloud = ServiceConfig.from(linked::get);

        assertThat(local.mail().sender()).isEqualTo("outbox");
        assertThat(local.mail().configurationSet()).isEmpty();
        assertThat(local.mail().linkBaseUrl()).isEqualTo("https://verdicts.example");
        assertThat(local.dataDir()).contains(java.nio.file.Path.of("/tmp/verdict-data"));
        assertThat(cloud.mail().sender()).isEqualTo("ses");
        assertThat(cloud.mail().configurationSet()).contains("verdict-mail");
        assertThat(cloud.mail().linkBaseUrl()).isEqualTo("https://api.verdicts.example");
        assertThat(cloud.dataDir()).isEmpty();
    }

    @Test
    void neverShowsTheSigningKeyWhenPrinted() {
        assertThat(ServiceConfig.from(environment()::get).toString()).contains("content").doesNotContain(KEY);
    }
}
