package dev.verdict.signups;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.signups.LinkToken.Purpose;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the confirmation message for each new mail request that appears on the subscribers table's stream.
 * The signup itself is already stored when the record arrives, so a failed send loses nothing: the record is reported
 * in batchItemFailures and Lambda delivers it (and those after it in the shard) again. Each send mints fresh tokens,
 * because only their hashes are kept; the tokens of a failed attempt were never seen and expire unused.
 */
@Singleton
public final class ConfirmationSender {

    private static final System.Logger LOG = System.getLogger(ConfirmationSender.class.getName());

    private final SubscribersTable table;
    private final MailSender mail;
    private final Signups signups;
    private final Clock clock;
    private final ServiceConfig.Mail settings;

    public ConfirmationSender(SubscribersTable table, MailSender mail, Signups signups, Clock clock, ServiceConfig config) {
        this.table = table;
        this.mail = mail;
        this.signups = signups;
        this.clock = clock;
        this.settings = config.mail();
    }

    public StreamsEventResponse handle(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        int sent = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                sent += process(record) ? 1 : 0;
            } catch (MailSender.Rejected rejected) {
                // Retrying cannot help and would hold up every later record in the shard: note it and move on.
                LOG.log(System.Logger.Level.WARNING, "confirmation not sent: {0}", rejected.getMessage());
            } catch (RuntimeException failure) {
                // Only the failure's kind: exception messages from SDKs can quote the item, and so the address.
                LOG.log(System.Logger.Level.WARNING, "confirmation failed ({0}); {1} of {2} records will be retried",
                        failure.getClass().getSimpleName(), records.size() - records.indexOf(record), records.size());
                return failedFrom(record);
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0} stream records, {1} confirmation messages sent", records.size(), sent);
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    /** @return whether a message went out */
    private boolean process(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        Map<String, AttributeValue> after = change == null ? null : change.getNewImage();
        if (after == null || after.get(SubscribersTable.PK) == null) {
            return false;
        }
        Optional<String> key = SubscribersTable.subscriberKey(after.get(SubscribersTable.PK).getS());
        String request = text(after, SubscribersTable.MAIL_REQUEST);
        if (key.isEmpty() || request == null || request.equals(text(change.getOldImage(), SubscribersTable.MAIL_REQUEST))) {
            return false;
        }
        // The record may be old (a retry, a later request, a click): act on the subscriber as it is now.
        Optional<Subscriber> current = table.find(key.get());
        if (current.isEmpty() || !current.get().awaitsMailFor(request)) {
            return false;
        }
        Subscriber subscriber = current.get();
        Instant now = clock.instant();
        String confirm = Tokens.mint();
        String unsubscribe = Tokens.mint();
        table.saveTokens(List.of(LinkToken.issue(confirm, Purpose.CONFIRM, subscriber, now),
                LinkToken.issue(unsubscribe, Purpose.UNSUBSCRIBE, subscriber, now)));
        String base = settings.linkBaseUrl().replaceAll("/+$", "");
        mail.send(ConfirmationMessage.render(settings.fromAddress(), subscriber.address().deliverTo(),
                base + "/subscriptions/confirm?token=" + confirm, base + "/subscriptions/unsubscribe?token=" + unsubscribe, now));
        try {
            table.save(subscriber.withMailSent(request), subscriber);
        } catch (SubscribersTable.Conflict changedMeanwhile) {
            // Sent; the subscriber moved on (a click, a new request) and a later record covers the rest.
        }
        LOG.log(System.Logger.Level.INFO, "confirmation sent, ref {0}", signups.ref(key.get()));
        return true;
    }

    private static StreamsEventResponse failedFrom(DynamodbEvent.DynamodbStreamRecord record) {
        // Lambda retries from the first reported sequence number; the records before it are done.
        return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(record.getDynamodb().getSequenceNumber()).build())).build();
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image == null ? null : image.get(name);
        return value == null ? null : value.getS();
    }
}
