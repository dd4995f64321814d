package dev.verdict.votes;

import java.time.Instant;

/**
 * A proof-of-work challenge as issued: {@code text} is what the client hashes and sends back, the rest is what the text
 * says (read back from it, and trusted only once its signature checks out).
 *
 * @param id         128 random bits: the challenge's identity, and the key of its spent marker once it is redeemed
 * @param difficulty leading zero bits asked
 * @param expiresAt  after this the challenge is refused, spent or not
 * @param text       {@code id.difficulty.expiresAtEpochSecond.signature}, at most 64 characters
 */
record Challenge(String id, int difficulty, Instant expiresAt, String text) {
}
