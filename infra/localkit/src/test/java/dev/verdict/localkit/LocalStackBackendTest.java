package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The LocalStack backend itself, in the default suite: where Docker runs, the template's tables are created in
 * LocalStack with their streams; where it does not, this is skipped with the reason printed.
 */
class LocalStackBackendTest {

    @Test
    void createsTheTemplatesTablesWithStreamsInLocalStack() {
        String reason = LocalStackBackend.unavailableReason();
        if (reason != null) {
            System.out.println("LocalStack backend test skipped: " + reason);
        }
        Assumptions.assumeTrue(reason == null, "LocalStack needs Docker: " + reason);

        try (LocalStackBackend localStack = LocalStackBackend.start()) {
            var client = localStack.client();
            LocalTables.createAll(SamTemplate.load(SamTemplate.locate()), client, "ls-");

            var votes = client.describeTable(b -> b.tableName("ls-VotesTable")).table();
            assertThat(votes.latestStreamArn()).isNotBlank();
        }
    }
}
