package dev.verdict.core.store;

import dev.verdict.core.config.AwsClients;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.signing.CursorCodec;
import dev.verdict.core.signing.SecretsManagerSigningKeys;
import dev.verdict.core.signing.Signer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The table gateways, built lazily: a function only pays for the ones it injects. */
@Factory
public class StoreFactory {

    /**
     * On Lambda: the keys are read from Secrets Manager here, at INIT, by the functions template.yaml gives
     * SIGNING_SECRET_ID (the others have no Signer at all, and no permission to read the secret).
     */
    @Singleton
    @Requires(property = "signing.secret.id")
    @Requires(missingProperty = "signing.key")
    Signer signer(ServiceConfig config) {
        SecretsManagerClient secrets = AwsClients.build(SecretsManagerClient.builder(), config.region(), Optional.empty());
        return new Signer(new SecretsManagerSigningKeys(secrets, config.signingSecretId().orElseThrow()), System::nanoTime);
    }

    /** Off AWS (the local stack, tests, the bench) SIGNING_KEY holds the secret's text itself; template.yaml never sets it. */
    @Singleton
    @Requires(property = "signing.key")
    Signer localSigner(ServiceConfig config) {
        return new Signer(config.signingKey().orElseThrow());
    }

    /** Cursors need the signer; a function without one (it has no signing key) never lists comparisons. */
    @Singleton
    CatalogueReads catalogueReads(DynamoDbClient dynamo, ServiceConfig config, @Nullable Signer signer) {
        return new CatalogueReads(dynamo, config.contentTable(), signer == null ? null : new CursorCodec(signer));
    }

    /** Only the aggregates functions inject this; their roles are the ones allowed to write the content table. */
    @Singleton
    ContentAggregates contentAggregates(DynamoDbClient dynamo, ServiceConfig config) {
        return new ContentAggregates(dynamo, config.contentTable());
    }

    @Singleton
    VotesTable votesTable(DynamoDbClient dynamo, ServiceConfig config) {
        return new VotesTable(dynamo, config.votesTable());
    }

    /** The recompute's scan of the votes table; only the recompute injects it. */
    @Singleton
    VotesScan votesScan(DynamoDbClient dynamo, ServiceConfig config) {
        return new VotesScan(dynamo, config.votesTable());
    }

    @Singleton
    FixedWindowCounters fixedWindowCounters(DynamoDbClient dynamo, ServiceConfig config) {
        return new FixedWindowCounters(dynamo, config.rateLimitTable());
    }
}
