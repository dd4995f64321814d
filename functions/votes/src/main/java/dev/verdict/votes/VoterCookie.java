package dev.verdict.votes;

import dev.verdict.core.config.SiteUrl;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.signing.Signer;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * The voter's identity: a random id in the cookie {@code vid}, signed so a visitor cannot pick someone else's id or
 * make up ids. Only POST /voters issues one, after a proof of work; a vote without a valid cookie (missing, malformed,
 * forged, tampered with, signed by a key we no longer hold) is refused with 401 and never mints a voter, so a voter
 * costs its creator the work and a script cannot stuff the vote by dropping its cookie.
 */
@Singleton
public final class VoterCookie {

    static final String NAME = "vid";
    private static final String PURPOSE = "voter";
    /** A year: long enough that a returning visitor keeps their votes (and does not solve another proof). */
    static final long MAX_AGE_SECONDS = 365L * 24 * 60 * 60;
    /** 16 random bytes and a 16-byte signature, each unpadded base64url. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{22}");

    private final Signer signer;
    private final String voterRequiredType;

    public VoterCookie(Signer signer, SiteUrl site) {
        this.signer = signer;
        // The page acts on this type (creates a voter, then retries the vote), so it names the problem, not the status.
        this.voterRequiredType = site.value() + "/problems/voter-required";
    }

    /** The voter the request's cookie names, or 401 of type {@code …/voter-required}. */
    public String voter(ApiRequest request) {
        return request.cookie(NAME).filter(value -> SHAPE.matcher(value).matches()).filter(value -> {
            int dot = value.indexOf('.');
            return signer.verify(PURPOSE, value.substring(0, dot), value.substring(dot + 1));
        }).map(value -> value.substring(0, value.indexOf('.'))).orElseThrow(() -> ApiException.unauthorized(
                voterRequiredType, "Votes need a voter: create one with POST /voters (see GET /voters/challenge)."));
    }

    /** The Set-Cookie that makes {@code voterId} this browser's voter. */
    String setCookie(String voterId) {
        return NAME + "=" + value(signer, voterId) + "; Max-Age=" + MAX_AGE_SECONDS + "; Path=/; HttpOnly; Secure; SameSite=Lax";
    }

    /** The cookie's value for {@code voterId}: what a test or the bench sends as a voter that already exists. */
    public static String value(Signer signer, String voterId) {
        return voterId + "." + signer.sign(PURPOSE, voterId);
    }
}
