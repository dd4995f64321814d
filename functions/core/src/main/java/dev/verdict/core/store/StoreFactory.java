package dev.verdict.core.store;

import dev.verdict.core.config.AwsClients;
import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import dev.verdict.core.config.SigningSettings;
import dev.verdict.core.signing.CursorCodec;
import dev.verdict.core.signing.SecretsManagerSigningKeys;
import dev.verdict.core.signing.Signer;
import io.micronaut.context.annotation.Factory;
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
     * Reads of the catalogue, by the functions that list comparisons (their paging cursors are signed) or verify voters:
     * both sign, so both are given the signing settings.
     */
    @Singleton
    CatalogueReads catalogueReads(DynamoDbClient dynamo, Settings settings, Signer signer) {
        return new CatalogueReads(dynamo, settings.table(CONTENT_TABLE), new CursorCodec(signer));
    }

    /** Only the aggregates functions inject this; their roles are the ones allowed to write the content table. */
    @Singleton
    ContentAggregates contentAggregates(DynamoDbClient dynamo, Settings settings) {
        return new ContentAggregates(dynamo, settings.table(CONTENT_TABLE));
    }

    @Singleton
    VotesTable votesTable(DynamoDbClient dynamo, Settings settings) {
        return new VotesTable(dynamo, settings.table(VOTES_TABLE));
    }

    /** The recompute's scan of the votes table; only the recompute injects it. */
    @Singleton
    VotesScan votesScan(DynamoDbClient dynamo, Settings settings) {
        return new VotesScan(dynamo, settings.table(VOTES_TABLE));
    }

    @Singleton
    FixedWindowCounters fixedWindowCounters(DynamoDbClient dynamo, Settings settings) {
        return new FixedWindowCounters(dynamo, settings.table(RATE_LIMIT_TABLE));
    }
}
