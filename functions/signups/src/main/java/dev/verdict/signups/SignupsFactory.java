package dev.verdict.signups;

import dev.verdict.mail.SesMailSender;
import dev.verdict.mail.OutboxMailSender;
import dev.verdict.mail.MailSender;
import dev.verdict.core.config.AwsClients;
import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The signup functions' beans. Built lazily: the API function never builds a mail sender, so never reads the mail
 * settings nor builds an SES or SQS client.
 */
@Factory
public class SignupsFactory {

    public static final String SUBSCRIBERS_TABLE = "SUBSCRIBERS_TABLE";

    @Singleton
    SubscribersTable subscribersTable(DynamoDbClient dynamo, Settings settings) {
        return new SubscribersTable(dynamo, settings.table(SUBSCRIBERS_TABLE));
    }

    @Singleton
    MailSettings mailSettings(Settings settings) {
        return MailSettings.from(settings);
    }

    /**
     * SES in the cloud, the outbox under DATA_DIR locally (MAIL_SENDER). Secondary, so a test can register its own
     * sender (one that fails on purpose) in its place.
     */
    @Singleton
    @Secondary
    MailSender mailSender(MailSettings mail, AwsSettings aws, Clock clock) {
        if (mail.sender().equals("outbox")) {
            return new OutboxMailSender(mail.dataDir().orElseThrow().resolve("outbox"), clock);
        }
        SesV2Client ses = AwsClients.build(SesV2Client.builder(), aws.region(), Optional.empty());
        return new SesMailSender(ses, mail.fromAddress(), mail.configurationSet());
    }

    /**
     * Where refused confirmations are recorded: the SQS queue template.yaml names, or locally (no queue) a directory
     * beside the outbox. Secondary, so a test can register its own.
     */
    @Singleton
    @Secondary
    MailFailures mailFailures(MailSettings mail, AwsSettings aws) {
        if (mail.failureQueueUrl().isPresent()) {
            SqsClient sqs = AwsClients.build(SqsClient.builder(), aws.region(), Optional.empty());
            return new SqsMailFailures(sqs, mail.failureQueueUrl().get());
        }
        return new DirectoryMailFailures(mail.dataDir().orElseThrow().resolve("mail-failures"));
    }
}
