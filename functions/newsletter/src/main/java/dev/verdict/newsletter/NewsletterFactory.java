package dev.verdict.newsletter;

import dev.verdict.core.config.AwsClients;
import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import dev.verdict.mail.OutboxMailSender;
import dev.verdict.mail.SesMailSender;
import io.micronaut.context.annotation.Secondary;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.sesv2.SesV2Client;
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
    public static final String SUBSCRIBERS_TABLE = "SUBSCRIBERS_TABLE";
    public static final String SEND_RATE = "NEWSLETTER_SEND_RATE";

    @Singleton
    Deliveries deliveries(DynamoDbClient dynamo, Settings settings) {
        return new Deliveries(dynamo, settings.table(NEWSLETTER_TABLE));
    }

    @Singleton
    Readers readers(DynamoDbClient dynamo, Settings settings) {
        return new Readers(dynamo, settings.table(SUBSCRIBERS_TABLE));
    }

    @Singleton
    NewsletterMailSettings mailSettings(Settings settings) {
        return NewsletterMailSettings.from(settings);
    }

    /** SES in the cloud; locally the outbox under DATA_DIR, one file per Message-ID. Secondary: tests put theirs in. */
    @Singleton
    @Secondary
    IssueMail issueMail(NewsletterMailSettings mail, AwsSettings aws, Clock clock) {
        if (mail.sender().equals("outbox")) {
            return new IssueMail(OutboxMailSender.keyedByMessageId(mail.dataDir().orElseThrow().resolve("outbox"), clock));
        }
        return new IssueMail(new SesMailSender(ses(aws), mail.fromAddress(), mail.configurationSet()));
    }

    /**
     * Under SES's send rate: the account's (GetAccount, read at start) within NEWSLETTER_SEND_RATE, the most this
     * function may use. The outbox has none. Secondary: tests put theirs in.
     */
    @Singleton
    @Secondary
    Pacer pacer(NewsletterMailSettings mail, Settings settings, AwsSettings aws) {
        double cap = Double.parseDouble(settings.require(SEND_RATE));
        if (mail.sender().equals("outbox")) {
            // The local outbox takes messages as fast as they come.
            return new Pacer(0, Pacer.threadSleep(), System::nanoTime);
        }
        double rate = Pacer.rateWithin(cap, () -> SesMailSender.maxSendRate(ses(aws)));
        return new Pacer(rate, Pacer.threadSleep(), System::nanoTime);
    }

    private static SesV2Client ses(AwsSettings aws) {
        return AwsClients.build(SesV2Client.builder(), aws.region(), Optional.empty());
    }

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
