package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.localkit.TestTables;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Soft bounces written onto a subscriber item on the local engine, when a redelivery meets what a first try left. */
class SuppressionsTest {

    static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");

    final TestTables tables = TestTables.create();
    final Suppressions suppressions = new Suppressions(tables.client(), tables.table("SubscribersTable"));

    /** A confirmed subscriber whose soft bounces so far are {@code count}, the last of them {@code lastId}. */
    private void subscriberWithSoftBounces(String key, int count, String lastId) {
        tables.client().putItem(b -> b.tableName(tables.table("SubscribersTable")).item(Map.of(
                "pk", AttributeValue.fromS("ADDRESS#" + key), "status", AttributeValue.fromS("CONFIRMED"),
                "softBounces", AttributeValue.fromN(Integer.toString(count)),
                "softBounceIds", AttributeValue.fromSs(java.util.List.of(lastId)))));
    }

    private Map<String, AttributeValue> item(String key) {
        return tables.client().getItem(b -> b.tableName(tables.table("SubscribersTable")).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("ADDRESS#" + key)))).item();
    }

    @Test
    void aRedeliveredThirdSoftBounceWhoseFirstTryDiedBeforeSuppressingSuppressesNow() {
        // The first try counted the third bounce and died before its suppressing write.
        subscriberWithSoftBounces("r@readers.example", 3, "soft-3");

        assertThat(suppressions.softBounce("r@readers.example", "soft-3", NOW)).isEqualTo(Suppressions.Outcome.SUPPRESSED);
        assertThat(item("r@readers.example").get("suppressedReason").s()).isEqualTo("soft bounces");
        assertThat(item("r@readers.example").get("softBounces").n()).isEqualTo("3");
    }

    @Test
    void aRedeliveredSecondSoftBounceChangesNothing() {
        subscriberWithSoftBounces("r@readers.example", 2, "soft-2");
        Map<String, AttributeValue> before = item("r@readers.example");

        assertThat(suppressions.softBounce("r@readers.example", "soft-2", NOW)).isEqualTo(Suppressions.Outcome.ALREADY);
        assertThat(item("r@readers.example")).isEqualTo(before);
    }

    @Test
    void aSoftBounceForNoSubscriberIsUnknownAndWritesNothing() {
        assertThat(suppressions.softBounce("nobody@readers.example", "soft-1", NOW)).isEqualTo(Suppressions.Outcome.UNKNOWN);
        assertThat(item("nobody@readers.example")).isNullOrEmpty();
    }
}
