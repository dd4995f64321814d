package dev.verdict.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.store.StoreFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function's settings, as template.yaml's environment gives them, read through the one reader. */
class SettingsTest {

    static final String KEY = "a-signing-key-that-nobody-should-ever-see-0123";

    static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put(StoreFactory.CONTENT_TABLE, "content");
        env.put(StoreFactory.VOTES_TABLE, "votes");
        env.put(ServiceFactory.ALLOWED_ORIGIN, "https://verdicts.example");
        env.put(SigningSettings.SIGNING_KEY, KEY);
        env.put(SiteUrl.SITE_URL, "https://verdicts.example/");
        return env;
    }

    @Test
    void refusesToStartWithoutARequiredVariableNamingEachMissingOne() {
        Map<String, String> env = environment();
        env.remove(StoreFactory.CONTENT_TABLE);
        env.put(SiteUrl.SITE_URL, "  ");
        Settings settings = new Settings(env::get);

        assertThatThrownBy(() -> settings.table(StoreFactory.CONTENT_TABLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("missing configuration: " + StoreFactory.CONTENT_TABLE)
                .hasMessageNotContaining(StoreFactory.VOTES_TABLE);
        assertThatThrownBy(() -> SiteUrl.from(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("missing configuration: " + SiteUrl.SITE_URL)
                .hasMessageNotContaining(StoreFactory.VOTES_TABLE);
        assertThat(settings.table(StoreFactory.VOTES_TABLE)).isEqualTo("votes");
    }

    @Test
    void refusesANumberThatIsNotAPositiveWholeOneNamingItAndDefaultsWhenBlank() {
        Settings settings = new Settings(Map.of("A_NUMBER", "-3", "ZERO", "0", "BLANK", " ", "GOOD", " 7", "ONE", "1")::get);

        assertThatThrownBy(() -> settings.positive("A_NUMBER", 2)).hasMessage("A_NUMBER must be a positive whole number");
        assertThatThrownBy(() -> settings.positive("ZERO", 2)).hasMessage("ZERO must be a positive whole number");
        assertThat(settings.positive("ONE", 2)).isEqualTo(1);
        assertThat(settings.positive("BLANK", 2)).isEqualTo(2);
        assertThat(settings.positive("GOOD", 2)).isEqualTo(7);
    }

    @Test
    void remembersEveryVariableAskedForWithWhereItComesFromAndTheTablesInOrder() {
        Settings settings = new Settings(environment()::get);

        settings.table(StoreFactory.VOTES_TABLE);
        settings.table(StoreFactory.CONTENT_TABLE);
        AwsSettings.from(settings);
        SigningSettings.from(settings);

        assertThat(settings.asked()).containsOnly(
                Map.entry(StoreFactory.VOTES_TABLE, Settings.Origin.TEMPLATE),
                Map.entry(StoreFactory.CONTENT_TABLE, Settings.Origin.TEMPLATE),
                Map.entry(AwsSettings.AWS_REGION, Settings.Origin.LAMBDA),
                Map.entry(AwsSettings.DYNAMODB_ENDPOINT, Settings.Origin.OFF_AWS),
                Map.entry(SigningSettings.SIGNING_KEY, Settings.Origin.OFF_AWS),
                Map.entry(SigningSettings.SIGNING_SECRET_ID, Settings.Origin.TEMPLATE));
        assertThat(settings.tables()).containsExactly("votes", "content");
    }

    @Test
    void takesTheRegionAndTheLocalEndpointWhenGivenAndDefaultsWhenBlank() {
        Map<String, String> given = environment();
        given.put(AwsSettings.AWS_REGION, "eu-west-1");
        given.put(AwsSettings.DYNAMODB_ENDPOINT, "http://127.0.0.1:8000");
        Map<String, String> blank = environment();
        blank.put(AwsSettings.AWS_REGION, " ");
        blank.put(AwsSettings.DYNAMODB_ENDPOINT, "");

        AwsSettings onAws = AwsSettings.from(new Settings(given::get));
        AwsSettings defaults = AwsSettings.from(new Settings(blank::get));

        assertThat(onAws.region()).isEqualTo("eu-west-1");
        assertThat(onAws.dynamoEndpoint()).hasValueSatisfying(uri -> assertThat(uri.getPort()).isEqualTo(8000));
        assertThat(defaults.region()).isEqualTo("us-east-1");
        assertThat(defaults.dynamoEndpoint()).isEmpty();
    }

    @Test
    void signsWithTheLocalKeyOffAwsAndOtherwiseNeedsTheSecretNamingIt() {
        Map<String, String> onAws = environment();
        onAws.remove(SigningSettings.SIGNING_KEY);
        Map<String, String> neither = new HashMap<>(onAws);
        onAws.put(SigningSettings.SIGNING_SECRET_ID, "verdict/signing-key");

        assertThat(SigningSettings.from(new Settings(environment()::get)).localKey()).contains(KEY);
        assertThat(SigningSettings.from(new Settings(onAws::get)).secretId()).contains("verdict/signing-key");
        assertThatThrownBy(() -> SigningSettings.from(new Settings(neither::get)))
                .hasMessage("missing configuration: " + SigningSettings.SIGNING_SECRET_ID);
    }

    @Test
    void keepsTheSiteUrlWithoutATrailingSlash() {
        assertThat(SiteUrl.from(new Settings(environment()::get)).value()).isEqualTo("https://verdicts.example");
    }

    @Test
    void neverShowsTheSigningKeyWhenPrinted() {
        assertThat(SigningSettings.from(new Settings(environment()::get)).toString()).doesNotContain(KEY);
    }

    @Test
    void givesAVariableToAHandlerUnderTheNameMicronautReadsItBy() {
        assertThat(Settings.asProperties(Map.of(StoreFactory.CONTENT_TABLE, "content")))
                .containsExactly(Map.entry("content.table", "content"));
    }
}
