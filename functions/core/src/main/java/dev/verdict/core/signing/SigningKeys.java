package dev.verdict.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that sign voter cookies and paging cursors and key the hashes of client addresses, as the signing-key
 * secret holds them. Two forms are read:
 * <ul>
 *   <li>plain text (at least 32 characters): one key without an id, which signs as the service always has;</li>
 *   <li>JSON, for rotation: {@code {"current":"b","keys":{"a":"…","b":"…"},"legacy":"…"}}. Ids are one character of
 *       the base64url alphabet and lead every signature made with their key, so a signature names its key; the
 *       {@code current} key signs, every listed key verifies, and {@code legacy} (optional) verifies signatures made
 *       before key ids existed (by the plain-text key).</li>
 * </ul>
 * To rotate: add the new key to {@code keys}, make it {@code current}, and remove an old key (or {@code legacy}) only
 * once what it signed has expired (voter cookies last a year, cursors as long as a reader keeps a page open).
 *
 * @param current the key that signs: its id, or empty for the id-less (plain-text) key
 */
public record SigningKeys(Optional<Character> current, Map<Character, SecretKeySpec> keys, Optional<SecretKeySpec> legacy) {

    /** Shorter keys are refused: HMAC-SHA256 wants at least 256 bits of secret. */
    public static final int MIN_LENGTH = 32;
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public SigningKeys {
        keys = Map.copyOf(keys);
        if (current.isPresent() ? !keys.containsKey(current.get()) : legacy.isEmpty()) {
            throw new IllegalArgumentException("the signing key secret names no key that signs");
        }
    }

    /** The key that signs and keys hashes. */
    SecretKeySpec signing() {
        return current.map(keys::get).orElseGet(legacy::get);
    }

    /** Reads the secret's text; the message of a refusal never quotes it. */
    public static SigningKeys parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (!trimmed.startsWith("{")) {
            return new SigningKeys(Optional.empty(), Map.of(), Optional.of(key(trimmed, "the signing key")));
        }
        JsonNode root;
        try {
            root = Json.readBody(trimmed);
        } catch (Exception notJson) {
            throw new IllegalArgumentException("the signing key secret is not valid JSON");
        }
        Map<Character, SecretKeySpec> keys = new LinkedHashMap<>();
        JsonNode listed = root.path("keys");
        if (!listed.isObject() || listed.isEmpty()) {
            throw new IllegalArgumentException("the signing key secret's \"keys\" must name at least one key");
        }
        listed.properties().forEach(entry -> keys.put(id(entry.getKey()), key(entry.getValue().asText(""), "key " + entry.getKey())));
        Optional<SecretKeySpec> legacy = root.hasNonNull("legacy")
                ? Optional.of(key(root.get("legacy").asText(""), "the legacy key")) : Optional.empty();
        Optional<Character> current = Optional.of(id(root.path("current").asText("")));
        return new SigningKeys(current, keys, legacy);
    }

    private static char id(String text) {
        if (text.length() != 1 || ID_ALPHABET.indexOf(text.charAt(0)) < 0) {
            throw new IllegalArgumentException("a signing key id must be one character of A-Z a-z 0-9 - _");
        }
        return text.charAt(0);
    }

    private static SecretKeySpec key(String secret, String what) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(what + " must be at least " + MIN_LENGTH + " characters");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    @Override
    public String toString() {
        return "SigningKeys[current=" + current + ", ids=" + keys.keySet() + ", legacy=" + legacy.isPresent() + "]";
    }
}
