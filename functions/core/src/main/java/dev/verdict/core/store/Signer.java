package dev.verdict.core.store;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) under one service secret, separated by purpose so that a value signed for one use
 * (a cursor) is never accepted for another (a voter cookie), and a client address hashed for rate limits cannot be
 * reversed without the secret.
 */
public final class Signer {

    private final SecretKeySpec key;

    public Signer(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public byte[] mac(String purpose, String value) {
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

    /** A short, URL-safe signature of {@code value} for {@code purpose}. */
    public String sign(String purpose, String value) {
        byte[] full = mac(purpose, value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, 16));
    }

    /** Compares in constant time, so a forger learns nothing from how long a rejection takes. */
    public boolean verify(String purpose, String value, String signature) {
        byte[] expected = sign(purpose, value).getBytes(StandardCharsets.US_ASCII);
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** A keyed hash in hex, for storing something (a client address) that must not be stored as it is. */
    public String hash(String purpose, String value) {
        return HexFormat.of().formatHex(mac(purpose, value), 0, 16);
    }
}
