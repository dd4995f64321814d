package dev.verdict.core.signing;

import dev.verdict.core.log.Log;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) under the service's signing keys, separated by purpose so that a value signed for one use
 * (a cursor) is never accepted for another (a voter cookie), and a client address hashed for rate limits cannot be
 * reversed without the secret.
 *
 * <p>A signature is 22 base64url characters either way: with a key id ({@link SigningKeys}), the id and 21 characters
 * of the MAC (126 bits); without one, as before key ids, 22 characters of the MAC (128 bits). Both verify, so a
 * rotation keeps yesterday's cookies and cursors valid until they expire, and the formats that carry a signature
 * (cookies, cursors) are unchanged. Hashes ({@link #hash}) use the current key: after a rotation, rate-limit counters
 * start afresh and log references change, which is harmless.
 *
 * <p>Keys come from a source read when the signer is built (at INIT), again by {@link #reload} (after a SnapStart
 * restore), and again when a signature names a key id this container has not seen, at most once a minute, so
 * containers started before a rotation verify what newer ones sign without a redeploy.
 */
public final class Signer {

    private static final Log LOG = Log.of(Signer.class);

    private static final int SIGNATURE_LENGTH = 22;
    private static final long RELOAD_INTERVAL_NANOS = 60_000_000_000L;

    private final Supplier<SigningKeys> source;
    private final LongSupplier nanoTime;
    private volatile SigningKeys keys;
    private volatile long lastReload;

    /** A signer with one fixed key (plain text, or the JSON form of {@link SigningKeys}). */
    public Signer(String secret) {
        this(SigningKeys.parse(secret));
    }

    public Signer(SigningKeys keys) {
        this(() -> keys, System::nanoTime);
    }

    /** A signer whose keys are read from {@code source} now and when they may have changed. */
    public Signer(Supplier<SigningKeys> source, LongSupplier nanoTime) {
        this.source = source;
        this.nanoTime = nanoTime;
        this.keys = source.get();
        this.lastReload = nanoTime.getAsLong();
    }

    /** Reads the keys again (after a SnapStart restore, a snapshot's keys may be older than the secret). */
    public void reload() {
        keys = source.get();
        lastReload = nanoTime.getAsLong();
    }

    public byte[] mac(String purpose, String value) {
        return mac(keys.signing(), purpose, value);
    }

    /** A short, URL-safe signature of {@code value} for {@code purpose}, naming the key that made it. */
    public String sign(String purpose, String value) {
        SigningKeys now = keys;
        return now.current().map(id -> id + encoded(now.keys().get(id), purpose, value).substring(0, SIGNATURE_LENGTH - 1))
                .orElseGet(() -> encoded(now.legacy().orElseThrow(), purpose, value));
    }

    /** Compares in constant time, so a forger learns nothing from how long a rejection takes. */
    public boolean verify(String purpose, String value, String signature) {
        if (signature == null || signature.length() != SIGNATURE_LENGTH) {
            return false;
        }
        SigningKeys now = keys;
        if (now.legacy().isPresent() && same(encoded(now.legacy().get(), purpose, value), signature)) {
            return true;
        }
        char id = signature.charAt(0);
        if (!now.keys().containsKey(id) && reloadAllowed()) {
            now = reloadQuietly(); // a key added since this container read the secret
        }
        SecretKeySpec key = now.keys().get(id);
        return key != null && same(id + encoded(key, purpose, value).substring(0, SIGNATURE_LENGTH - 1), signature);
    }

    /** A keyed hash in hex, for storing something (a client address) that must not be stored as it is. */
    public String hash(String purpose, String value) {
        return HexFormat.of().formatHex(mac(purpose, value), 0, 16);
    }

    /** The keys as read, for tests and diagnostics (never the secrets: {@link SigningKeys#toString} omits them). */
    public SigningKeys keys() {
        return keys;
    }

    /** A reload on a request's path: if the secret cannot be read now, the keys already held stay in use. */
    private SigningKeys reloadQuietly() {
        lastReload = nanoTime.getAsLong();
        try {
            keys = source.get();
        } catch (RuntimeException unavailable) {
            LOG.warn("signing keys could not be read again", "errorType", unavailable.getClass().getSimpleName());
        }
        return keys;
    }

    private boolean reloadAllowed() {
        return nanoTime.getAsLong() - lastReload >= RELOAD_INTERVAL_NANOS;
    }

    private static String encoded(SecretKeySpec key, String purpose, String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac(key, purpose, value), 16));
    }

    private static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(SecretKeySpec key, String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
