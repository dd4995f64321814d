package dev.verdict.signups;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One newsletter subscriber, one per normalised address. Every change returns a new value with {@code version} one
 * higher; the table writes it only if the stored version is still the one it was read at (optimistic locking).
 *
 * @param address        the address as parsed from the reader's input
 * @param cycle          a pending → confirmed → unsubscribed run; re-subscribing after unsubscribing starts a new one,
 *                       and a confirmation token only confirms the cycle it was sent for
 * @param consent        the consent given for this cycle (re-given on each request)
 * @param confirmedAt    when this cycle was confirmed, or null
 * @param unsubscribedAt when this cycle ended, or null
 * @param mailRequest    the latest request for a confirmation message, or null; the mailer sends one per request
 * @param mailSent       the id of the last request whose message was claimed for sending (written before it is sent,
 *                       so that a message goes out at most once), or null
 * @param lastRequestAt  the latest signup request for this address, whatever it led to
 * @param suppressedAt   when mail feedback (a hard bounce, a complaint, repeated soft bounces) suppressed the address
 *                       for good, or null. The newsletter writes it; this module only reads it, never writes it, and
 *                       never mails a suppressed address again
 */
public record Subscriber(EmailAddress address, Status status, String cycle, long version, Consent consent,
                         Instant createdAt, Instant updatedAt, Instant confirmedAt, Instant unsubscribedAt,
                         MailRequest mailRequest, String mailSent, Instant lastRequestAt, Instant suppressedAt) {

    /** At most one confirmation message per address per this long; further requests are accepted silently. */
    public static final Duration MAIL_INTERVAL = Duration.ofMinutes(10);
    /**
     * After an unsubscribe, a new signup for the address changes nothing for this long (the same 202 as always): an
     * address that asked us to stop is not written to again because someone else typed it into the form.
     */
    public static final Duration UNSUBSCRIBED_COOLING = Duration.ofDays(30);

    public enum Status { PENDING, CONFIRMED, UNSUBSCRIBED }

    /**
     * What the reader agreed to, and when and from where.
     *
     * @param source slug of the page the form was on, or "site"
     * @param client keyed hash of the client's address (never the address itself)
     * @param policy version of the privacy notice shown next to the form
     */
    public record Consent(Instant at, String source, String client, String policy) {
    }

    public record MailRequest(String id, Instant at) {
    }

    public Subscriber {
        Objects.requireNonNull(address);
        Objects.requireNonNull(status);
        Objects.requireNonNull(cycle);
        Objects.requireNonNull(consent);
    }

    /** A first request: a pending cycle and a confirmation message. */
    public static Subscriber first(EmailAddress address, Consent consent, Instant now) {
        return new Subscriber(address, Status.PENDING, newId(), 1, consent, now, now, null, null,
                new MailRequest(newId(), now), null, now, null);
    }

    /**
     * Another request for the same address. Pending: the consent is renewed, and a new message is asked for unless one
     * was asked for within {@link #MAIL_INTERVAL}. Confirmed, suppressed, or unsubscribed within
     * {@link #UNSUBSCRIBED_COOLING}: nothing changes but the time of the request. Unsubscribed longer ago: a new pending
     * cycle begins.
     */
    public Subscriber requestedAgain(EmailAddress typed, Consent renewed, Instant now) {
        MailRequest mail = mailRequest == null || !now.isBefore(mailRequest.at().plus(MAIL_INTERVAL))
                ? new MailRequest(newId(), now) : mailRequest;
        boolean cooling = status == Status.UNSUBSCRIBED && unsubscribedAt != null
                && now.isBefore(unsubscribedAt.plus(UNSUBSCRIBED_COOLING));
        // A suppressed address bounced or complained: no request, whoever makes it, mails it again.
        if (status == Status.CONFIRMED || cooling || suppressed()) {
            return new Subscriber(address, status, cycle, version + 1, consent, createdAt, updatedAt,
                    confirmedAt, unsubscribedAt, mailRequest, mailSent, now, suppressedAt);
        }
        return switch (status) {
            case PENDING -> new Subscriber(typed, status, cycle, version + 1, renewed, createdAt, now, null, null,
                    mail, mailSent, now, suppressedAt);
            default -> new Subscriber(typed, Status.PENDING, newId(), version + 1, renewed, createdAt, now,
                    null, null, new MailRequest(newId(), now), mailSent, now, suppressedAt);
        };
    }

    public Subscriber confirmed(Instant now) {
        return new Subscriber(address, Status.CONFIRMED, cycle, version + 1, consent, createdAt, now,
                confirmedAt == null ? now : confirmedAt, null, mailRequest, mailSent, lastRequestAt, suppressedAt);
    }

    public Subscriber unsubscribed(Instant now) {
        return new Subscriber(address, Status.UNSUBSCRIBED, cycle, version + 1, consent, createdAt, now,
                confirmedAt, now, mailRequest, mailSent, lastRequestAt, suppressedAt);
    }

    public Subscriber withMailSent(String requestId) {
        return new Subscriber(address, status, cycle, version + 1, consent, createdAt, updatedAt, confirmedAt,
                unsubscribedAt, mailRequest, requestId, lastRequestAt, suppressedAt);
    }

    /**
     * Whether the message for {@code requestId} is still wanted: pending, still the latest request, not yet sent, and
     * not suppressed since it was asked for.
     */
    public boolean awaitsMailFor(String requestId) {
        return status == Status.PENDING && mailRequest != null && mailRequest.id().equals(requestId)
                && !requestId.equals(mailSent) && !suppressed();
    }

    public boolean suppressed() {
        return suppressedAt != null;
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
