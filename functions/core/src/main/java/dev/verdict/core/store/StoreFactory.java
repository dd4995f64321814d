package dev.verdict.core.store;

import dev.verdict.core.config.AwsClients;
import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import dev.verdict.core.config.SigningSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The table gateways, built lazily: a function only pays for (and only reads the table names of) the ones it injects. */
@Factory
public class StoreFactory {

    public static final String CONTENT_TABLE = "CONTENT_TABLE";
    public static final String VOTES_TABLE = "VOTES_TABLE";
    public static final String RATE_LIMIT_TABLE = "RATE_LIMIT_TABLE";
    /** The name of the content table that signs paging cursors. */
    public static final String WITH_CURSORS = "with-cursors";

    /**
     * Built only in the functions whose code signs or verifies. On Lambda the keys are read from Secrets Manager here,
     * at INIT; off AWS (the local stack, tests, the bench) SIGNING_KEY holds the secret's text itself.
     */
    @Singleton
    Signer signer(Settings settings, AwsSettings aws) {
        SigningSettings signing = SigningSettings.from(settings);
        if (signing.localKey().isPresent()) {
            return new Signer(signing.localKey().get());
        }
        SecretsManagerClient secrets = AwsClients.build(SecretsManagerClient.builder(), aws.region(), Optional.empty());
        return new Signer(new SecretsManagerSigningKeys(secrets, signing.secretId().orElseThrow()), System::nanoTime);
    }

    /**
     * The content table for reading and writing single items (votes, the aggregates): no paging cursors, so no signer
     * and no signing settings.
     */
    @Singleton
    @Primary
    ContentTable contentTable(DynamoDbClient dynamo, Settings settings) {
        return new ContentTable(dynamo, settings.table(CONTENT_TABLE), null);
    }

    /**
     * The content table for listing comparisons a page at a time: its cursors are signed. Asked for by name
     * ({@link #WITH_CURSORS}) by the code that lists, so only that function builds a signer for it.
     */
    @Singleton
    @Named(WITH_CURSORS)
    ContentTable listingContentTable(DynamoDbClient dynamo, Settings settings, Signer signer) {
        return new ContentTable(dynamo, settings.table(CONTENT_TABLE), new CursorCodec(signer));
    }

    @Singleton
    VotesTable votesTable(DynamoDbClient dynamo, Settings settings) {
        return new VotesTable(dynamo, settings.table(VOTES_TABLE));
    }

    @Singleton
    FixedWindowCounters fixedWindowCounters(DynamoDbClient dynamo, Settings settings) {
        return new FixedWindowCounters(dynamo, settings.table(RATE_LIMIT_TABLE));
    }
}
