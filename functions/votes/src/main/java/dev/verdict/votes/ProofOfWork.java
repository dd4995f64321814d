package dev.verdict.votes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The puzzle a new voter solves (API.md, {@code /voters}): a nonce of ASCII digits such that SHA-256 of the UTF-8 bytes
 * of {@code challenge + ":" + nonce} starts with at least {@code difficulty} zero bits. Finding one takes 2^difficulty
 * hashes on average; checking one takes one. SHA-256 because every browser has it built in (crypto.subtle), so the
 * page needs no third-party code.
 */
public final class ProofOfWork {

    public static final String ALGORITHM = "SHA-256";

    private ProofOfWork() {
    }

    /** How many leading zero bits the proof's hash has. */
    public static int leadingZeroBits(String challenge, String nonce) {
        return leadingZeroBits(digest().digest((challenge + ":" + nonce).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The first nonce (0, 1, 2, …) that meets {@code difficulty}, found the way any client would. The service never
     * calls this; tests, the bench and scripts that use the API do.
     */
    public static String solve(String challenge, int difficulty) {
        MessageDigest sha256 = digest();
        byte[] prefix = (challenge + ":").getBytes(StandardCharsets.UTF_8);
        for (long nonce = 0; ; nonce++) {
            sha256.update(prefix);
            String digits = Long.toString(nonce);
            if (leadingZeroBits(sha256.digest(digits.getBytes(StandardCharsets.US_ASCII))) >= difficulty) {
                return digits;
            }
        }
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
