package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import dev.verdict.core.log.Log;
import dev.verdict.core.log.Metrics;
import dev.verdict.mail.MailSender;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends one reader's copy for each delivery item inserted on the newsletter table's stream.
 *
 * <p>Exactly once per reader: the delivery is claimed (PENDING → SENDING, leased until this invocation's deadline),
 * the copy sent, then marked SENT. A duplicate record, or one retried after the marker, finds SENT and sends nothing.
 * A crash or a timeout between the claim and the marker leaves SENDING; once the lease has run out the retry claims it
 * again and sends the copy again under the same Message-ID (stable per issue and reader). Locally the outbox names
 * files by Message-ID, so that resend replaces its file: exactly one message. SES has no idempotency key, so on AWS
 * the one case that can give a reader two copies is a crash in the moments between SES accepting and the marker write
 * (both carry the same Message-ID, which mail clients use to merge them).
 *
 * <p>Throttling: paced under the account's send rate, and a TooManyRequests answer backs off and tries again a few
 * times before the claim is given back and the record retried. A refusal for good: a message refused (a bad address)
 * skips that reader; an account-level refusal (sending paused, suspended, sender unverified) halts the issue, which
 * every later record sees (this invocation's at once, another's from its next batch: no hours of retries), and
 * raises the NewsletterHalted metric, which alarms.
 */
@Singleton
public final class IssueDelivery {

    private static final Log LOG = Log.of(IssueDelivery.class);
    static final int THROTTLE_ATTEMPTS = 5;
    /** Refusals that concern this message only; any other is the account's, and stops the issue. */
    private static final List<String> MESSAGE_REFUSALS = List.of("MessageRejectedException", "BadRequestException");

    enum Outcome { SENT, DUPLICATE, SKIPPED, HALTED }

    /** The record must be delivered again (the claim is held by another invocation, or the provider kept refusing). */
    static final class RetryLater extends RuntimeException {
        RetryLater(String why) {
            super(why, null, false, false);
        }
    }

    private final IssuesTable issues;
    private final Deliveries deliveries;
    private final Readers readers;
    private final MailSender mail;
    private final Pacer pacer;
    private final NewsletterMailSettings settings;
    private final Clock clock;
    private final Map<String, Issue> issueCache = new ConcurrentHashMap<>();

    public IssueDelivery(IssuesTable issues, Deliveries deliveries, Readers readers, IssueMail mail, Pacer pacer,
                         NewsletterMailSettings settings, Clock clock) {
        this.issues = issues;
        this.deliveries = deliveries;
        this.readers = readers;
        this.mail = mail.sender();
        this.pacer = pacer;
        this.settings = settings;
        this.clock = clock;
    }

    /** @param deadline when this invocation ends (the lease of its claims) */
    public StreamsEventResponse handle(DynamodbEvent event, Instant deadline) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Batch batch = null;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                batch = batch == null ? new Batch(records) : batch;
                process(record, deadline, batch).ifPresent(o -> outcomes.merge(o, 1, Integer::sum));
            } catch (RuntimeException failure) {
                // Only the kind of failure: an SDK's message can quote an item, and so an address.
                LOG.warn("issue delivery failed; the rest of the batch will be retried", "errorType",
                        failure.getClass().getSimpleName(), "retried", records.size() - records.indexOf(record));
                report(outcomes, 1);
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure
                        .builder().withItemIdentifier(record.getDynamodb().getSequenceNumber()).build())).build();
            }
        }
        LOG.info("delivery batch done", "records", records.size(), "sent", outcomes.getOrDefault(Outcome.SENT, 0),
                "duplicates", outcomes.getOrDefault(Outcome.DUPLICATE, 0), "skipped", outcomes.getOrDefault(Outcome.SKIPPED, 0),
                "halted", outcomes.getOrDefault(Outcome.HALTED, 0));
        report(outcomes, 0);
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private Optional<Outcome> process(DynamodbEvent.DynamodbStreamRecord record, Instant deadline, Batch batch) {
        return deliveryOf(record).map(delivery -> deliver(delivery[0], delivery[1], deadline, batch));
    }

    /** The (issue, reader) of a planning insert; the updates of a delivery's own progress come back on the stream too. */
    private static Optional<String[]> deliveryOf(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null || record.getDynamodb().getKeys() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> keys = record.getDynamodb().getKeys();
        return Deliveries.keyOf(text(keys, "pk"), text(keys, "sk"));
    }

    /**
     * What a batch reads once instead of once per record: which of its deliveries are final already (a duplicate
     * delivery of the batch then costs one read per 100 records, not three requests per record), what the others'
     * readers are now (one read per 100; a reader who unsubscribes after it is in the same place as one who
     * unsubscribes a moment after the send) with their copies' unsubscribe tokens (25 to a write), and whether an issue is halted (a halt by another invocation is seen from
     * its next batch; one by this invocation at once).
     */
    private final class Batch {
        private final Map<String, Set<String>> finished = new HashMap<>();
        private final Map<String, Readers.Reader> current;
        private final Map<String, String> tokens;
        private final Map<String, Boolean> halted = new HashMap<>();

        Batch(List<DynamodbEvent.DynamodbStreamRecord> records) {
            Map<String, List<String>> readersByIssue = new HashMap<>();
            records.stream().map(IssueDelivery::deliveryOf).flatMap(Optional::stream)
                    .forEach(d -> readersByIssue.computeIfAbsent(d[0], issue -> new ArrayList<>()).add(d[1]));
            List<String> open = new ArrayList<>();
            readersByIssue.forEach((issue, keys) -> {
                Set<String> done = deliveries.finished(issue, keys);
                finished.put(issue, done);
                keys.stream().filter(key -> !done.contains(key)).forEach(open::add);
            });
            current = readers.current(open);
            tokens = readers.unsubscribeTokens(current.values(), clock.instant());
        }

        boolean finished(String issueId, String readerKey) {
            return finished.getOrDefault(issueId, Set.of()).contains(readerKey);
        }

        Optional<Readers.Reader> reader(String readerKey) {
            return Optional.ofNullable(current.get(readerKey));
        }

        String unsubscribeToken(String readerKey) {
            return tokens.get(readerKey);
        }

        boolean halted(String issueId) {
            return halted.computeIfAbsent(issueId, issues::halted);
        }

        void halt(String issueId) {
            halted.put(issueId, true);
        }
    }

    private Outcome deliver(String issueId, String readerKey, Instant deadline, Batch batch) {
        if (batch.finished(issueId, readerKey)) {
            return Outcome.DUPLICATE;
        }
        String ref = Readers.sha256(readerKey).substring(0, 12);
        Optional<Issue> issue = issue(issueId);
        if (issue.isEmpty()) {
            LOG.warn("a delivery names an issue that is not stored; skipped", "issue", issueId, "ref", ref);
            return Outcome.SKIPPED;
        }
        if (batch.halted(issueId)) {
            // Left PENDING: once a person has fixed the account, the issue can be driven again.
            return Outcome.HALTED;
        }
        Instant now = clock.instant();
        Optional<Deliveries.Claim> claim = deliveries.claim(issueId, readerKey, now, deadline);
        if (claim.isEmpty()) {
            Optional<Deliveries.State> state = deliveries.state(issueId, readerKey);
            if (state.isPresent() && state.get() == Deliveries.State.SENDING) {
                throw new RetryLater("another invocation holds this delivery");
            }
            return Outcome.DUPLICATE;
        }
        Optional<Readers.Reader> reader = batch.reader(readerKey);
        if (reader.isEmpty()) {
            deliveries.skipped(claim.get(), "not subscribed");
            return Outcome.SKIPPED;
        }
        if (!Readers.deliverable(reader.get().deliverTo())) {
            LOG.warn("a subscriber's stored address cannot be sent to; skipped", "issue", issueId, "ref", ref);
            deliveries.skipped(claim.get(), "undeliverable address");
            return Outcome.SKIPPED;
        }
        MailSender.Message message;
        try {
            String token = batch.unsubscribeToken(readerKey);
            message = IssueMessage.render(issue.get(), settings.fromAddress(), reader.get().deliverTo(), settings.siteUrl(),
                    settings.linkBaseUrl() + "/subscriptions/unsubscribe?token=" + token, messageId(issueId, readerKey), now);
        } catch (RuntimeException notRendered) {
            deliveries.release(claim.get());
            throw notRendered;
        }
        return send(message, claim.get(), issueId, ref, batch);
    }

    private Outcome send(MailSender.Message message, Deliveries.Claim claim, String issueId, String ref, Batch batch) {
        for (int attempt = 0; ; attempt++) {
            pacer.acquire();
            try {
                mail.send(message);
                break;
            } catch (MailSender.Throttled slowDown) {
                if (attempt + 1 >= THROTTLE_ATTEMPTS) {
                    deliveries.release(claim);
                    throw new RetryLater("still throttled");
                }
                pacer.backOff(attempt);
            } catch (MailSender.Rejected refused) {
                if (MESSAGE_REFUSALS.contains(refused.reason())) {
                    LOG.warn("a copy was refused for good; that reader skipped", "issue", issueId, "reason", refused.reason(), "ref", ref);
                    deliveries.skipped(claim, "refused: " + refused.reason());
                    return Outcome.SKIPPED;
                }
                issues.halt(issueId, refused.reason(), clock.instant());
                batch.halt(issueId);
                deliveries.release(claim);
                LOG.warn("sending the issue is halted: the provider refuses every message until a person acts",
                        "issue", issueId, "reason", refused.reason());
                return Outcome.HALTED;
            } catch (RuntimeException notSent) {
                deliveries.release(claim);
                throw notSent;
            }
        }
        deliveries.sent(claim, clock.instant());
        return Outcome.SENT;
    }

    /** Stable per (issue, reader), with no address in it. */
    String messageId(String issueId, String readerKey) {
        String from = settings.fromAddress();
        return issueId + "." + Readers.sha256(readerKey).substring(0, 32) + "@" + from.substring(from.indexOf('@') + 1);
    }

    private Optional<Issue> issue(String id) {
        Issue cached = issueCache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Issue> stored = issues.find(id);
        stored.ifPresent(i -> issueCache.put(id, i));
        return stored;
    }

    private static void report(Map<Outcome, Integer> outcomes, int failed) {
        Metrics.of("NewsletterSend").count("NewsletterSent", outcomes.getOrDefault(Outcome.SENT, 0))
                .count("NewsletterSkipped", outcomes.getOrDefault(Outcome.SKIPPED, 0))
                .count("NewsletterHalted", outcomes.getOrDefault(Outcome.HALTED, 0))
                .count("NewsletterFailed", failed).emit();
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null ? null : value.getS();
    }
}
