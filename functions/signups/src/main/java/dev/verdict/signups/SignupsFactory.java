package dev.verdict.signups;

import dev.verdict.core.config.AwsClients;
import dev.verdict.core.config.ServiceConfig;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The signup functions' beans. Built lazily: the API function never builds a mail sender, so never an SES or SQS client. */
@Factory
public class SignupsFactory {

    @Singleton
    SubscribersTable subscribersTable(DynamoDbClient dynamo, ServiceConfig config) {
        return new SubscribersTable(dynamo, config.subscribersTable());
    }

    /**
     * SES in the cloud, the outbox under DATA_DIR locally (MAIL_SENDER). Secondary, so a test can register its own
     * sender (one that fails on purpose) in its place.
     */
    @Singleton
    @Secondary
    MailSender mailSender(ServiceConfig config, Clock clock) {
        ServiceConfig.Mail mail = config.mail();
        if (mail.sender().equals("outbox")) {
            var dataDir = config.dataDir().orElseThrow(() -> new IllegalStateException(
                    ServiceConfig.MAIL_SENDER + "=outbox needs " + ServiceConfig.DATA_DIR));
            return new OutboxMailSender(dataDir.resolve("outbox"), clock);
        }
        SesV2Client ses = AwsClients.build(SesV2Client.builder(), config.region(), Optional.empty());
        return new SesMailSender(ses, mail.fromAddress(), mail.configurationSet());
    }

    /**
     * Where refused confirmations are recorded: the SQS queue template.yaml names, or locally (no queue) a directory
     * beside the outbox. Secondary, so a test can register its own.
     */
    @Singleton
    @Secondary
    MailFailures mailFailures(ServiceConfig config) {
        var queue = config.mail().failureQueueUrl();
        if (queue.isPresent()) {
            SqsClient sqs = AwsClients.build(SqsClient.builder(), config.region(), Optional.empty());
            return new SqsMailFailures(sqs, queue.get());
        }
        if (config.dataDir().isPresent()) {
            return new DirectoryMailFailures(config.dataDir().get().resolve("mail-failures"));
        }
        // The API function shares this jar and is built eagerly on Lambda, but never reports a failure: refuse only
        // when asked to, so its INIT does not depend on the mailer's configuration.
        return failure -> {
            throw new IllegalStateException(ServiceConfig.MAIL_FAILURE_QUEUE_URL + " is not set for this function");
        };
    }
}
