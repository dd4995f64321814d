package dev.verdict.core.store;

import dev.verdict.core.config.ServiceConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The table gateways, built lazily: a function only pays for the ones it injects. */
@Factory
public class StoreFactory {

    @Singleton
    Signer signer(ServiceConfig config) {
        return new Signer(config.signingKey());
    }

    @Singleton
    ContentTable contentTable(DynamoDbClient dynamo, ServiceConfig config, Signer signer) {
        return new ContentTable(dynamo, config.contentTable(), new CursorCodec(signer));
    }

    @Singleton
    VotesTable votesTable(DynamoDbClient dynamo, ServiceConfig config) {
        return new VotesTable(dynamo, config.votesTable());
    }

    @Singleton
    FixedWindowCounters fixedWindowCounters(DynamoDbClient dynamo, ServiceConfig config) {
        return new FixedWindowCounters(dynamo, config.rateLimitTable());
    }
}
