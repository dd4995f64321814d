package dev.verdict.signups;

import java.time.Duration;
import java.time.Instant;

/**
 * What a token stands for, stored under the token's hash.
 *
 * @param hash          SHA-256 of the token (the token itself is only ever in the message)
 * @param subscriberKey the subscriber's normalised address key
 * @param cycle         the subscription cycle the message was sent for
 * @param usedAt        when a confirmation token was used, or null
 */
public record LinkToken(String hash, Purpose purpose, String subscriberKey, String cycle, Instant createdAt,
                        Instant expiresAt, Instant usedAt) {

    public enum Purpose {
        /** Single use, valid for 48 hours: long enough for a weekend, short enough that an old message is inert. */
        CONFIRM(Duration.ofHours(48)),
        /**
         * Reusable (unsubscribing twice is harmless) and long-lived, because List-Unsubscribe must keep working for as
         * long as the reader keeps the message; a year, after which DynamoDB's TTL removes it.
         */
        UNSUBSCRIBE(Duration.ofDays(365));

        final Duration lifetime;

        Purpose(Duration lifetime) {
            this.lifetime = lifetime;
        }
    }

    static LinkToken issue(String token, Purpose purpose, Subscriber subscriber, Instant now) {
        return new LinkToken(Tokens.hash(token), purpose, subscriber.address().key(), subscriber.cycle(), now,
                now.plus(purpose.lifetime), null);
    }

    /** Checked in code: DynamoDB deletes expired items only eventually (and DynamoDB Local never does). */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    LinkToken usedAt(Instant now) {
        return new LinkToken(hash, purpose, subscriberKey, cycle, createdAt, expiresAt, now);
    }
}
