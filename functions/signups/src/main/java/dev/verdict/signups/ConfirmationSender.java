package dev.verdict.signups;

import dev.verdict.mail.MailSender;
import dev.verdict.core.log.Log;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.verdict.core.log.Metrics;
import dev.verdict.signups.LinkToken.Purpose;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the confirmation message for each new mail request that appears on the subscribers table's stream.
 *
 * <p>The message is recorded before it is sent: one conditional transaction names the request as sent on the
 * subscriber and stores the message's link tokens, and only then does the message go to SES. A record delivered
 * twice, or a retry after a failure that came after the send, finds the request already claimed and sends nothing:
 * at most one message per request. When SES says the message did not go (throttling, a quota, an outage) the claim is
 * released and the record reported in batchItemFailures, so Lambda delivers it again; when SES refuses it for good
 * (rejected, sending paused, account suspended, sender unverified) it is recorded on the failure queue, which alarms,
 * and the stream moves on instead of retrying for hours. A message that {@link MailLimits} withholds is not sent at all.
 * The subscriber stays pending in every case, and a new request after the mail interval sends a new message.
 */
@Singleton
public final class ConfirmationSender {

    private static final Log LOG = Log.of(ConfirmationSender.class);
    /** Concurrent writers on one subscriber (a click, a new request) make a claim conflict; it is decided again. */
    private static final int ATTEMPTS = 3;

    /** What became of one stream record. */
    enum Outcome { NOTHING_TO_SEND, SENT, WITHHELD, REFUSED }

    private final SubscribersTable table;
    private final MailSender mail;
    private final MailLimits limits;
    private final MailFailures failures;
    private final Signups signups;
    private final Clock clock;
    private final MailSettings settings;

    public ConfirmationSender(SubscribersTable table, MailSender mail, MailLimits limits, MailFailures failures,
                              Signups signups, Clock clock, MailSettings settings) {
        this.table = table;
        this.mail = mail;
        this.limits = limits;
        this.failures = failures;
        this.signups = signups;
        this.clock = clock;
        this.settings = settings;
    }

    public StreamsEventResponse handle(DynamodbEvent event) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                outcomes.merge(process(record), 1, Integer::sum);
            } catch (RuntimeException failure) {
                // Only the failure's kind: exception messages from SDKs can quote the item, and so the address.
                LOG.warn("confirmation failed; the rest of the batch will be retried", "errorType",
                        failure.getClass().getSimpleName(), "retried", records.size() - records.indexOf(record), "records", records.size());
                report(outcomes, 1);
                return failedFrom(record);
            }
        }
        LOG.info("stream batch done", "records", records.size(), "sent", outcomes.getOrDefault(Outcome.SENT, 0));
        report(outcomes, 0);
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private Outcome process(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        Map<String, AttributeValue> after = change == null ? null : change.getNewImage();
        if (after == null || after.get(SubscribersTable.PK) == null) {
            return Outcome.NOTHING_TO_SEND;
        }
        Optional<String> key = SubscribersTable.subscriberKey(after.get(SubscribersTable.PK).getS());
        String request = text(after, SubscribersTable.MAIL_REQUEST);
        if (key.isEmpty() || request == null || request.equals(text(change.getOldImage(), SubscribersTable.MAIL_REQUEST))) {
            return Outcome.NOTHING_TO_SEND;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // The record may be old (a retry, a later request, a click): act on the subscriber as it is now.
            Optional<Subscriber> current = table.find(key.get());
            if (current.isEmpty() || !current.get().awaitsMailFor(request)) {
                return Outcome.NOTHING_TO_SEND;
            }
            Optional<Outcome> outcome = claimAndSend(current.get(), request, change.getSequenceNumber());
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        // Others kept writing this subscriber; each of their records is delivered too, and one of them sends.
        return Outcome.NOTHING_TO_SEND;
    }

    /** Claims the request and sends its message; empty when the claim lost a race (decide again). */
    private Optional<Outcome> claimAndSend(Subscriber subscriber, String request, String sequence) {
        Instant now = clock.instant();
        String ref = signups.ref(subscriber.address().key());
        Optional<MailLimits.Allowance> allowance = limits.take(subscriber.address(), now);
        if (allowance.isEmpty()) {
            LOG.info("confirmation withheld by the mailbox or domain limits", "ref", ref);
            return Optional.of(Outcome.WITHHELD);
        }
        String confirm = Tokens.mint();
        String unsubscribe = Tokens.mint();
        Subscriber claimed = subscriber.withMailSent(request);
        try {
            table.claimMail(claimed, subscriber, List.of(LinkToken.issue(confirm, Purpose.CONFIRM, subscriber, now),
                    LinkToken.issue(unsubscribe, Purpose.UNSUBSCRIBE, subscriber, now)));
        } catch (SubscribersTable.Conflict changedMeanwhile) {
            limits.giveBack(allowance.get());
            return Optional.empty();
        }
        String base = settings.linkBaseUrl();
        MailSender.Message message = ConfirmationMessage.render(settings.fromAddress(), subscriber.address().deliverTo(),
                base + "/subscriptions/confirm?token=" + confirm, base + "/subscriptions/unsubscribe?token=" + unsubscribe, now);
        try {
            mail.send(message);
        } catch (MailSender.Rejected refused) {
            try {
                failures.report(new MailFailures.Failure(refused.reason(), request, ref, sequence, now.toString()));
            } catch (RuntimeException unrecorded) {
                release(claimed, subscriber, allowance.get());
                throw unrecorded;
            }
            LOG.warn("confirmation refused for good, on the failure queue", "reason", refused.reason(), "ref", ref);
            return Optional.of(Outcome.REFUSED);
        } catch (RuntimeException notSent) {
            release(claimed, subscriber, allowance.get());
            throw notSent;
        }
        LOG.info("confirmation sent", "ref", ref);
        return Optional.of(Outcome.SENT);
    }

    /**
     * Undoes a claim whose message did not go, so the retry sends it. If even that write fails the request stays
     * claimed and its message is lost (at most once, never twice); the reader's next request sends a new one.
     */
    private void release(Subscriber claimed, Subscriber before, MailLimits.Allowance allowance) {
        limits.giveBack(allowance);
        try {
            table.save(claimed.withMailSent(before.mailSent()), claimed);
        } catch (RuntimeException stuck) {
            LOG.warn("a claimed confirmation could not be released", "errorType", stuck.getClass().getSimpleName(),
                    "ref", signups.ref(claimed.address().key()));
        }
    }

    /** One metrics line per batch (embedded metric format): sent, withheld by limits, refused for good, failed. */
    private static void report(Map<Outcome, Integer> outcomes, int failed) {
        Metrics.of("ConfirmationMailer").count("ConfirmationsSent", outcomes.getOrDefault(Outcome.SENT, 0))
                .count("ConfirmationsWithheld", outcomes.getOrDefault(Outcome.WITHHELD, 0))
                .count("ConfirmationsRefused", outcomes.getOrDefault(Outcome.REFUSED, 0))
                .count("ConfirmationsFailed", failed).emit();
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
