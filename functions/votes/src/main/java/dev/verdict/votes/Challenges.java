package dev.verdict.votes;

import dev.verdict.core.signing.Signer;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues and reads challenges. A challenge is signed rather than stored, so issuing one writes nothing; the network
 * prefix it was issued to is part of what is signed but not of the text, so a challenge fetched on one network (where
 * the difficulty was low) is refused on another, and the text carries nothing about the client.
 */
@Singleton
final class Challenges {

    /** Long enough for a slow phone at the highest difficulty, short enough that spent markers are few. */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final int MAX_TEXT_LENGTH = 256;

    private static final String PURPOSE = "voter-challenge";
    private static final Pattern TEXT = Pattern.compile(
            "([A-Za-z0-9_-]{22})\\.([1-9][0-9]?)\\.([1-9][0-9]{0,11})\\.([A-Za-z0-9_-]{22})");

    private final Signer signer;
    private final SecureRandom random = new SecureRandom();

    Challenges(Signer signer) {
        this.signer = signer;
    }

    Challenge issue(String prefixKey, int difficulty, Instant now) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = Instant.ofEpochSecond(now.plus(LIFETIME).getEpochSecond());
        String unsigned = id + "." + difficulty + "." + expiresAt.getEpochSecond();
        return new Challenge(id, difficulty, expiresAt, unsigned + "." + signer.sign(PURPOSE, unsigned + "|" + prefixKey));
    }

    /** The challenge {@code text} names, if we issued it to {@code prefixKey}'s network (expired or not). */
    Optional<Challenge> read(String text, String prefixKey) {
        if (text.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        String unsigned = m.group(1) + "." + m.group(2) + "." + m.group(3);
        if (!signer.verify(PURPOSE, unsigned + "|" + prefixKey, m.group(4))) {
            return Optional.empty();
        }
        return Optional.of(new Challenge(m.group(1), Integer.parseInt(m.group(2)),
                Instant.ofEpochSecond(Long.parseLong(m.group(3))), text));
    }
}
