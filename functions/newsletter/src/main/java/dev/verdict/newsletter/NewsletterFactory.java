package dev.verdict.newsletter;

import dev.verdict.core.config.Settings;
import dev.verdict.core.signing.CursorCodec;
import dev.verdict.core.signing.Signer;
import dev.verdict.core.store.CatalogueReads;
import dev.verdict.core.store.ContentAggregates;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The newsletter functions' beans. */
@Factory
public class NewsletterFactory {

    public static final String NEWSLETTER_TABLE = "NEWSLETTER_TABLE";
    public static final String CONTENT_TABLE = "CONTENT_TABLE";

    @Singleton
    IssuesTable issuesTable(DynamoDbClient dynamo, Settings settings) {
        return new IssuesTable(dynamo, settings.table(NEWSLETTER_TABLE));
    }

    /**
     * What the issue is composed from: the catalogue and the community counts. The listing's cursors never leave this
     * process, so they are signed with a key of its own, made here, rather than the site's signing key (which this
     * function then need not be allowed to read).
     */
    @Singleton
    CatalogueSource catalogueSource(DynamoDbClient dynamo, Settings settings) {
        String table = settings.table(CONTENT_TABLE);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new CatalogueSource(new CatalogueReads(dynamo, table, new CursorCodec(new Signer(HexFormat.of().formatHex(key)))),
                new ContentAggregates(dynamo, table));
    }
}
