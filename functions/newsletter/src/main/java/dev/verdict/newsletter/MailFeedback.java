package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.verdict.core.log.Log;
import dev.verdict.core.log.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bounces and complaints from SES (configuration set → SNS topic → this function), record by record. A record is
 * refused, logged without any address and counted (FeedbackRefused, which alarms), when it is not from our topic, is
 * larger than SNS ever sends, is not signed by SNS, or is not an SES event as SES writes it. Otherwise a hard bounce or
 * a complaint suppresses each recipient, a soft bounce counts towards {@link Suppressions#SOFT_BOUNCE_LIMIT}; an
 * address we do not know is logged by a short hash and skipped. One bad record never stops the others; a record that
 * failed for want of DynamoDB makes the invocation fail after the rest are done, so Lambda delivers the event again
 * (every write is idempotent).
 */
public final class MailFeedback {

    /** SNS messages are at most 256 KiB; anything larger did not come from SNS. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private static final Log LOG = Log.of(MailFeedback.class);

    private final String topicArn;
    private final SnsSignature signature;
    private final Suppressions suppressions;
    private final Clock clock;

    public MailFeedback(String topicArn, SnsSignature signature, Suppressions suppressions, Clock clock) {
        this.topicArn = topicArn;
        this.signature = signature;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** What became of a batch, by outcome (the function's answer, and its metrics). */
    public Map<String, Integer> handle(SNSEvent event) {
        List<SNSEvent.SNSRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Map<String, Integer> tally = new LinkedHashMap<>();
        for (String outcome : List.of("records", "refused", "suppressed", "softBounces", "already", "unknown", "ignored", "failed")) {
            tally.put(outcome, 0);
        }
        tally.put("records", records.size());
        for (SNSEvent.SNSRecord record : records) {
            try {
                process(record, tally);
            } catch (RuntimeException failure) {
                // Only the kind: an SDK's message can quote the item, and so an address.
                LOG.warn("a feedback record failed; the event will be delivered again", "errorType", failure.getClass().getSimpleName());
                tally.merge("failed", 1, Integer::sum);
            }
        }
        LOG.info("mail feedback done", "records", tally.get("records"), "refused", tally.get("refused"), "suppressed",
                tally.get("suppressed"), "softBounces", tally.get("softBounces"), "unknown", tally.get("unknown"));
        Metrics.of("MailFeedback").count("FeedbackRefused", tally.get("refused")).count("AddressesSuppressed", tally.get("suppressed"))
                .count("SoftBouncesCounted", tally.get("softBounces")).count("FeedbackUnknownAddress", tally.get("unknown"))
                .count("FeedbackFailed", tally.get("failed")).emit();
        if (tally.get("failed") > 0) {
            throw new IllegalStateException(tally.get("failed") + " feedback record(s) failed; the event is to be delivered again");
        }
        return tally;
    }

    private void process(SNSEvent.SNSRecord record, Map<String, Integer> tally) {
        Optional<String> refusal = refusal(record == null ? null : record.getSNS());
        if (refusal.isPresent()) {
            LOG.warn("an SNS message was refused", "reason", refusal.get());
            tally.merge("refused", 1, Integer::sum);
            return;
        }
        SNSEvent.SNS sns = record.getSNS();
        FeedbackNotice notice;
        try {
            notice = FeedbackNotice.parse(sns.getMessage(), sns.getMessageId());
        } catch (FeedbackNotice.Malformed malformed) {
            LOG.warn("an SNS message was refused", "reason", "not an SES event: " + malformed.getMessage(), "messageId", sns.getMessageId());
            tally.merge("refused", 1, Integer::sum);
            return;
        }
        if (notice.kind() == FeedbackNotice.Kind.OTHER) {
            tally.merge("ignored", 1, Integer::sum);
            return;
        }
        for (String reported : notice.recipients()) {
            Optional<String> key = FeedbackNotice.subscriberKey(reported);
            Suppressions.Outcome outcome = key.isEmpty() ? Suppressions.Outcome.UNKNOWN : switch (notice.kind()) {
                case HARD_BOUNCE -> suppressions.suppress(key.get(), "bounce", clock.instant());
                case COMPLAINT -> suppressions.suppress(key.get(), "complaint", clock.instant());
                default -> suppressions.softBounce(key.get(), notice.id(), clock.instant());
            };
            if (outcome == Suppressions.Outcome.UNKNOWN) {
                LOG.warn("feedback for an address we do not know; skipped", "kind", notice.kind().name(),
                        "ref", Readers.sha256(key.orElse(reported)).substring(0, 12));
            }
            tally.merge(switch (outcome) {
                case SUPPRESSED -> "suppressed";
                case COUNTED -> "softBounces";
                case ALREADY -> "already";
                case UNKNOWN -> "unknown";
            }, 1, Integer::sum);
        }
    }

    /** Why a record is not to be trusted, checked cheapest first; empty when it is SNS's, from our topic. */
    private Optional<String> refusal(SNSEvent.SNS sns) {
        if (sns == null) {
            return Optional.of("not an SNS record");
        }
        if (!topicArn.equals(sns.getTopicArn())) {
            return Optional.of("not our topic");
        }
        String message = sns.getMessage();
        if (message == null || message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
            return Optional.of("no message, or larger than SNS sends");
        }
        if (!signature.verifies(sns)) {
            return Optional.of("the signature does not verify");
        }
        return Optional.empty();
    }
}
