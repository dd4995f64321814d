package dev.verdict.newsletter;

import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The mail feedback function's beans. */
@Factory
public class FeedbackFactory {

    /** The SNS topic SES publishes the newsletter's bounces and complaints to; nothing else is trusted. */
    public static final String FEEDBACK_TOPIC_ARN = "FEEDBACK_TOPIC_ARN";
    /** Off AWS only: the PEM of the local SNS stand-in's certificate (localkit's SnsEvents). */
    public static final String SNS_LOCAL_CERTIFICATE = "SNS_LOCAL_CERTIFICATE";

    @Singleton
    MailFeedback mailFeedback(DynamoDbClient dynamo, Settings settings, SigningCertificates certificates, Clock clock) {
        return new MailFeedback(settings.require(FEEDBACK_TOPIC_ARN), new SnsSignature(certificates),
                new Suppressions(dynamo, settings.table(NewsletterFactory.SUBSCRIBERS_TABLE)), clock);
    }

    /**
     * SNS's certificates from SNS's host; off AWS, the local stand-in's, and only where DynamoDB is on this machine, so
     * the setting can never make a deployed function trust a key someone else holds. Secondary: tests put theirs in.
     */
    @Singleton
    @Secondary
    SigningCertificates signingCertificates(Settings settings, AwsSettings aws, Clock clock) {
        Optional<String> local = settings.offAws(SNS_LOCAL_CERTIFICATE);
        if (local.isEmpty()) {
            return new SnsCertificates(aws.region(), SnsCertificates.https(), clock);
        }
        if (aws.dynamoEndpoint().filter(FeedbackFactory::onThisMachine).isEmpty()) {
            throw new IllegalStateException(SNS_LOCAL_CERTIFICATE + " is for the local stack only (a DYNAMODB_ENDPOINT on this machine)");
        }
        return new LocalCertificate(aws.region(), local.get());
    }

    static boolean onThisMachine(URI endpoint) {
        try {
            InetAddress host = InetAddress.getByName(endpoint.getHost());
            return host.isLoopbackAddress() || host.isAnyLocalAddress();
        } catch (UnknownHostException | RuntimeException unknown) {
            return false;
        }
    }
}
