package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** template.yaml as the local stack and the tests read it. */
class SamTemplateTest {

    final SamTemplate template = SamTemplate.load(SamTemplate.locate());

    @Test
    void readsShortFormIntrinsicsAsTheirLongForms() {
        Map<String, Object> environment = template.function("ComparisonsFunction").environment();

        assertThat(environment.get("CONTENT_TABLE")).isEqualTo(Map.of("Ref", "ContentTable"));
        assertThat(environment.get("SIGNING_SECRET_ID")).isEqualTo(Map.of("Ref", "SigningKeySecret"));
    }

    @Test
    void aScheduleGivenAsAParameterIsThatParametersValue() {
        FunctionSpec compose = template.function("NewsletterComposeFunction");

        assertThat(compose.schedules()).extracting(FunctionSpec.Schedule::expression).containsExactly("cron(0 8 ? * MON *)");
    }

    @Test
    void resolvesAFunctionsEnvironmentAgainstLocalTables() {
        Map<String, String> env = template.localEnvironment(template.function("ComparisonsFunction"), "x-",
                Map.of("SIGNING_KEY", "k"));

        assertThat(env).containsEntry("CONTENT_TABLE", "x-ContentTable").containsEntry("SIGNING_KEY", "k");
        assertThat(env.get("ALLOWED_ORIGIN")).isEqualTo(String.valueOf(
                SamTemplate.map(template.parameters().get("SiteOrigin")).get("Default")));
    }

    @Test
    void givesTheLocalSigningKeyOnlyToTheFunctionsTheTemplateGivesTheSecret() {
        Map<String, String> local = Map.of("SIGNING_KEY", "k".repeat(32), "AWS_REGION", "us-east-1");

        var comparisons = template.localEnvironment(template.function("ComparisonsFunction"), "x-", local);
        var recompute = template.localEnvironment(template.function("RecomputeFunction"), "x-", local);

        assertThat(comparisons).containsEntry("SIGNING_KEY", "k".repeat(32)).doesNotContainKey("SIGNING_SECRET_ID");
        assertThat(recompute).doesNotContainKeys("SIGNING_KEY", "SIGNING_SECRET_ID").containsEntry("AWS_REGION", "us-east-1");
    }

    @Test
    void givesEachFunctionOnlyTheLocalValuesItsTemplateEnvironmentNamesAndWhatEveryFunctionHasOffAws() {
        Map<String, String> local = Map.of("SIGNING_KEY", "k".repeat(32), "AWS_REGION", "us-east-1",
                "DYNAMODB_ENDPOINT", "http://127.0.0.1:1", "SITE_URL", "http://localhost:3000",
                "MAIL_SENDER", "outbox", "DATA_DIR", "/tmp/data");

        var comparisons = template.localEnvironment(template.function("ComparisonsFunction"), "x-", local);
        var mailer = template.localEnvironment(template.function("ConfirmationMailerFunction"), "x-", local);

        assertThat(comparisons).containsEntry("AWS_REGION", "us-east-1").containsEntry("DYNAMODB_ENDPOINT", "http://127.0.0.1:1")
                .doesNotContainKeys("SITE_URL", "MAIL_SENDER", "DATA_DIR", "VOTES_TABLE");
        // The failure queue is only AWS's: the local data directory stands in for it, and the outbox for SES.
        assertThat(mailer).containsEntry("MAIL_SENDER", "outbox").containsEntry("DATA_DIR", "/tmp/data")
                .containsEntry("SITE_URL", "http://localhost:3000").doesNotContainKeys("MAIL_FAILURE_QUEUE_URL", "CONTENT_TABLE");
    }

    @Test
    void readsTheRoutesOfEachFunction() {
        var routes = template.function("ComparisonsFunction").routes();

        assertThat(routes).contains(new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}"),
                new FunctionSpec.HttpRoute("GET", "/health"));
        assertThat(template.function("ComparisonsFunction").handlerClass())
                .isEqualTo("dev.verdict.comparisons.ComparisonsHandler");
    }

    @Test
    void createsTablesWithTheirIndexesAndStreams() {
        var dynamo = SharedDynamo.get().client();
        String prefix = "spec-" + System.nanoTime() + "-";

        LocalTables.createAll(template, dynamo, prefix);

        var content = dynamo.describeTable(b -> b.tableName(prefix + "ContentTable")).table();
        var votes = dynamo.describeTable(b -> b.tableName(prefix + "VotesTable")).table();
        assertThat(content.globalSecondaryIndexes()).extracting(i -> i.indexName()).contains("byPublished", "byCategory");
        assertThat(votes.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(votes.latestStreamArn()).isNotBlank();
    }
}
