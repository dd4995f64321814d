package dev.verdict.votes;

import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.store.Signer;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The voter's identity: a random id in the cookie {@code vid}, signed so a visitor cannot pick someone else's id or
 * mint ids to vote many times without us noticing the cookie is not ours. A cookie that is missing, malformed, forged
 * or tampered with is treated as absent: the visitor becomes a new voter and is given a fresh cookie.
 */
@Singleton
public final class VoterCookie {

    static final String NAME = "vid";
    private static final String PURPOSE = "voter";
    /** A year, as the issue asks: long enough that a returning visitor keeps their votes. */
    static final long MAX_AGE_SECONDS = 365L * 24 * 60 * 60;
    /** 16 random bytes and a 16-byte signature, each unpadded base64url. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}");

    private final Signer signer;
    private final SecureRandom random = new SecureRandom();

    public VoterCookie(Signer signer) {
        this.signer = signer;
    }

    /** Who is voting; {@code issued} is the Set-Cookie to send when the voter is new. */
    public record Voter(String id, Optional<String> issued) {
    }

    public Voter voter(ApiRequest request) {
        Optional<String> known = request.cookie(NAME).filter(value -> SHAPE.matcher(value).matches()).filter(value -> {
            int dot = value.indexOf('.');
            return signer.verify(PURPOSE, value.substring(0, dot), value.substring(dot + 1));
        }).map(value -> value.substring(0, value.indexOf('.')));
        if (known.isPresent()) {
            return new Voter(known.get(), Optional.empty());
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String value = id + "." + signer.sign(PURPOSE, id);
        return new Voter(id, Optional.of(NAME + "=" + value + "; Max-Age=" + MAX_AGE_SECONDS
                + "; Path=/; HttpOnly; Secure; SameSite=Lax"));
    }
}
