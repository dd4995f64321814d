package dev.verdict.signups;

import dev.verdict.core.log.Log;
import dev.verdict.core.signing.Signer;
import dev.verdict.signups.LinkToken.Purpose;
import dev.verdict.signups.Subscriber.Consent;
import dev.verdict.signups.Subscriber.Status;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Double opt-in: a request records the subscriber (the mailer then sends the confirmation from the table's stream),
 * a confirmation token confirms the cycle it was sent for, an unsubscribe token ends whatever cycle is current.
 * Every decision is made on a fresh, consistent read and written conditioned on it; a lost race is decided again.
 */
@Singleton
public final class Signups {

    /** The privacy notice shown beside the form; recorded with each consent. Change it when the notice changes. */
    static final String PRIVACY_POLICY_VERSION = "2026-11-01";
    private static final int ATTEMPTS = 3;
    private static final Log LOG = Log.of(Signups.class);

    /** Outcomes of a link: the state it leaves the subscription in, or INVALID for an unknown, expired or spent link. */
    public enum LinkOutcome { CONFIRMED, PENDING, UNSUBSCRIBED, INVALID }

    private final SubscribersTable table;
    private final Signer signer;
    private final Clock clock;

    public Signups(SubscribersTable table, Signer signer, Clock clock) {
        this.table = table;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * Records a request. Whatever state the address is in, this does the same work (one consistent read, one
     * conditional write), so neither the answer nor its timing tells a caller whether the address is on the list.
     */
    public void subscribe(EmailAddress address, String source, String clientAddress) {
        Instant now = clock.instant();
        Consent consent = new Consent(now, source, signer.hash("client", clientAddress), PRIVACY_POLICY_VERSION);
        boolean saved = retry(() -> {
            Optional<Subscriber> current = table.find(address.key());
            Subscriber next = current.map(s -> s.requestedAgain(address, consent, now))
                    .orElseGet(() -> Subscriber.first(address, consent, now));
            table.save(next, current.orElse(null));
            return true;
        }).orElse(false);
        if (!saved) {
            // Three writers for one address at once; each of the others recorded a request just now, which covers this one.
            LOG.warn("signup request superseded by concurrent requests", "ref", ref(address.key()));
        }
    }

    public LinkOutcome confirm(String token) {
        Instant now = clock.instant();
        return retry(() -> {
            Optional<LinkToken> found = usable(token, Purpose.CONFIRM, now);
            Optional<Subscriber> current = found.flatMap(link -> ofItsCycle(link, table.find(link.subscriberKey())));
            if (current.isEmpty()) {
                return LinkOutcome.INVALID;
            }
            Subscriber subscriber = current.get();
            if (found.get().usedAt() != null) {
                // Spent: clicking the same link again says "confirmed" if it did confirm, and changes nothing.
                return subscriber.status() == Status.CONFIRMED ? LinkOutcome.CONFIRMED : LinkOutcome.INVALID;
            }
            table.confirm(found.get(), subscriber.confirmed(now), subscriber, now);
            LOG.info("subscription confirmed", "ref", ref(subscriber.address().key()));
            return LinkOutcome.CONFIRMED;
        }).orElse(LinkOutcome.INVALID);
    }

    /**
     * What a confirmation link's POST would do, without doing it: PENDING (it would confirm), CONFIRMED (already
     * done), or INVALID. A GET must not confirm: link scanners open every link in a message.
     */
    public LinkOutcome confirmStatus(String token) {
        Optional<LinkToken> found = usable(token, Purpose.CONFIRM, clock.instant());
        Optional<Subscriber> current = found.flatMap(link -> ofItsCycle(link, table.find(link.subscriberKey())));
        if (current.isEmpty()) {
            return LinkOutcome.INVALID;
        }
        if (current.get().status() == Status.CONFIRMED) {
            return LinkOutcome.CONFIRMED;
        }
        return found.get().usedAt() == null ? LinkOutcome.PENDING : LinkOutcome.INVALID;
    }

    /** The subscriber a confirmation link may act on: the cycle it was sent for, not ended by an unsubscribe. */
    private static Optional<Subscriber> ofItsCycle(LinkToken link, Optional<Subscriber> subscriber) {
        return subscriber.filter(s -> s.cycle().equals(link.cycle()) && s.status() != Status.UNSUBSCRIBED);
    }

    /** The state an unsubscribe link would change, without changing it (the GET of a link scanner must not unsubscribe). */
    public LinkOutcome unsubscribeStatus(String token) {
        return usable(token, Purpose.UNSUBSCRIBE, clock.instant())
                .flatMap(link -> table.find(link.subscriberKey()))
                .map(s -> LinkOutcome.valueOf(s.status().name()))
                .orElse(LinkOutcome.INVALID);
    }

    public LinkOutcome unsubscribe(String token) {
        Instant now = clock.instant();
        Optional<LinkToken> found = usable(token, Purpose.UNSUBSCRIBE, now);
        if (found.isEmpty()) {
            return LinkOutcome.INVALID;
        }
        return retry(() -> {
            Optional<Subscriber> current = table.find(found.get().subscriberKey());
            if (current.isEmpty()) {
                return LinkOutcome.INVALID;
            }
            if (current.get().status() != Status.UNSUBSCRIBED) {
                table.save(current.get().unsubscribed(now), current.get());
                LOG.info("unsubscribed", "ref", ref(current.get().address().key()));
            }
            return LinkOutcome.UNSUBSCRIBED;
        }).orElse(LinkOutcome.INVALID);
    }

    /** A short keyed reference to an address for log lines: lets us follow one subscriber without naming them. */
    String ref(String key) {
        return signer.hash("log-ref", key).substring(0, 12);
    }

    private Optional<LinkToken> usable(String token, Purpose purpose, Instant now) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        return table.findToken(Tokens.hash(token)).filter(t -> t.purpose() == purpose && !t.expiredAt(now));
    }

    private static <T> Optional<T> retry(Supplier<T> attempt) {
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return Optional.of(attempt.get());
            } catch (SubscribersTable.Conflict lostRace) {
                // Someone else wrote in between: read again and decide again.
            }
        }
        return Optional.empty();
    }
}
