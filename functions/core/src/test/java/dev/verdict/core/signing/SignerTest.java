package dev.verdict.core.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Signatures with key ids: a rotation keeps what yesterday's keys signed valid until it expires. */
public class SignerTest {

    static final String OLD = "plain-text-key-of-before-key-ids-0123456789";
    public static final String A = "key-a-0123456789abcdef0123456789abcdef";
    public static final String B = "key-b-0123456789abcdef0123456789abcdef";

    /** A signing secret as Secrets Manager holds it: the current key id, the keys by id, and an optional legacy key. */
    public static String ring(String current, String legacy, String... idAndKey) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < idAndKey.length; i += 2) {
            keys.append(keys.isEmpty() ? "" : ",").append('"').append(idAndKey[i]).append("\":\"").append(idAndKey[i + 1]).append('"');
        }
        return "{\"current\":\"" + current + "\",\"keys\":{" + keys + "}" + (legacy == null ? "" : ",\"legacy\":\"" + legacy + "\"") + "}";
    }

    /** How signatures were made before key ids: the first 16 bytes of the HMAC, base64url. */
    static String signedBeforeKeyIds(String key, String purpose, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(purpose.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] full = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
    }

    @Test
    void aPlainTextKeySignsExactlyAsBeforeKeyIds() throws Exception {
        Signer signer = new Signer(OLD);

        assertThat(signer.sign("voter", "id-1")).isEqualTo(signedBeforeKeyIds(OLD, "voter", "id-1"));
        assertThat(signer.verify("voter", "id-1", signedBeforeKeyIds(OLD, "voter", "id-1"))).isTrue();
    }

    @Test
    void aSignatureNamesItsKeyAndKeepsItsLength() {
        Signer signer = new Signer(ring("a", null, "a", A));

        String signature = signer.sign("cursor", "position");

        assertThat(signature).hasSize(22).startsWith("a").matches("[A-Za-z0-9_-]{22}");
        assertThat(signer.verify("cursor", "position", signature)).isTrue();
    }

    @Test
    void aRotationKeepsYesterdaysSignaturesValidUntilTheirKeyIsRemoved() throws Exception {
        String yesterdaysLegacy = signedBeforeKeyIds(OLD, "voter", "id-1");
        String yesterdaysA = new Signer(ring("a", OLD, "a", A)).sign("voter", "id-2");

        Signer rotated = new Signer(ring("b", OLD, "a", A, "b", B));

        assertThat(rotated.sign("voter", "id-3")).startsWith("b");
        assertThat(rotated.verify("voter", "id-1", yesterdaysLegacy)).isTrue();
        assertThat(rotated.verify("voter", "id-2", yesterdaysA)).isTrue();
        Signer afterExpiry = new Signer(ring("b", null, "b", B));
        assertThat(afterExpiry.verify("voter", "id-1", yesterdaysLegacy)).isFalse();
        assertThat(afterExpiry.verify("voter", "id-2", yesterdaysA)).isFalse();
    }

    @Test
    void refusesTamperedForeignAndMisdirectedSignatures() {
        Signer signer = new Signer(ring("a", OLD, "a", A));
        String signature = signer.sign("voter", "id-1");
        char last = signature.charAt(21);
        String tampered = signature.substring(0, 21) + (last == 'A' ? 'B' : 'A');

        assertThat(signer.verify("voter", "id-1", tampered)).isFalse();
        assertThat(signer.verify("voter", "id-2", signature)).isFalse();
        assertThat(signer.verify("cursor", "id-1", signature)).isFalse();
        assertThat(signer.verify("voter", "id-1", new Signer(ring("a", null, "a", B)).sign("voter", "id-1"))).isFalse();
        assertThat(signer.verify("voter", "id-1", "")).isFalse();
        assertThat(signer.verify("voter", "id-1", signature + "x")).isFalse();
        assertThat(signer.verify("voter", "id-1", "z" + signature.substring(1))).isFalse();
    }

    @Test
    void aCursorIssuedBeforeARotationStillReadsAfterIt() {
        String cursor = new CursorCodec(new Signer(OLD)).encode("all", "2026-11-01T00:00:00Z#aider-vs-continue");

        var rotated = new CursorCodec(new Signer(ring("a", OLD, "a", A)));

        assertThat(rotated.decode("all", cursor)).contains("2026-11-01T00:00:00Z#aider-vs-continue");
        assertThat(rotated.decode("category:x", cursor)).isEmpty();
    }

    @Test
    void readsTheKeysAgainForAKeyIdItHasNotSeenAtMostOnceAMinute() {
        var startedBeforeTheRotation = new Rotation();
        String signedAfter = startedBeforeTheRotation.rotate();

        startedBeforeTheRotation.clock.addAndGet(61_000_000_000L);
        assertThat(startedBeforeTheRotation.signer.verify("voter", "id-1", signedAfter)).isTrue();
        assertThat(startedBeforeTheRotation.reads).hasValue(2);

        // A forger naming unknown ids cannot make it read the secret more than once a minute.
        for (int i = 0; i < 50; i++) {
            startedBeforeTheRotation.signer.verify("voter", "id-1", "Z" + signedAfter.substring(1));
        }
        assertThat(startedBeforeTheRotation.reads).hasValue(2);
    }

    @Test
    void readsTheKeysAgainForAnUnseenKeyIdOnceAFullMinuteHasPassedAndNotBefore() {
        var rotation = new Rotation();
        String signedByB = rotation.rotate();

        rotation.clock.set(59_999_999_999L);
        assertThat(rotation.signer.verify("voter", "id-1", signedByB)).isFalse();
        assertThat(rotation.reads).hasValue(1);

        rotation.clock.set(60_000_000_000L);
        assertThat(rotation.signer.verify("voter", "id-1", signedByB)).isTrue();
        assertThat(rotation.reads).hasValue(2);
    }

    @Test
    void aReloadReadsTheKeysAgainAndSignsWithTheNewCurrentKey() {
        AtomicReference<String> secret = new AtomicReference<>(ring("a", null, "a", A));
        Signer signer = new Signer(() -> SigningKeys.parse(secret.get()), () -> 0L);
        assertThat(signer.keys().current()).contains('a');

        secret.set(ring("b", null, "a", A, "b", B));
        signer.reload();

        assertThat(signer.keys().current()).contains('b');
        assertThat(signer.keys().keys()).containsOnlyKeys('a', 'b');
        assertThat(signer.sign("voter", "id-1")).startsWith("b");
    }

    @Test
    void keepsTheKeysItHasWhenTheSecretCannotBeReadAgain() {
        AtomicInteger reads = new AtomicInteger();
        AtomicLong clock = new AtomicLong(0);
        Signer signer = new Signer(() -> {
            if (reads.incrementAndGet() > 1) {
                throw new IllegalStateException("Secrets Manager unavailable (injected)");
            }
            return SigningKeys.parse(ring("a", null, "a", A));
        }, clock::get);
        String signature = signer.sign("voter", "id-1");

        clock.addAndGet(61_000_000_000L);
        assertThat(signer.verify("voter", "id-1", "q" + signature.substring(1))).isFalse();
        assertThat(signer.verify("voter", "id-1", signature)).isTrue();
    }

    @Test
    void refusesAWeakOrMalformedSecretWithoutQuotingIt() {
        assertThatThrownBy(() -> SigningKeys.parse("short")).hasMessageNotContaining("short")
                .hasMessageContaining("at least 32");
        assertThatThrownBy(() -> SigningKeys.parse(ring("ab", null, "ab", A))).hasMessageContaining("one character");
        assertThatThrownBy(() -> SigningKeys.parse(ring("c", null, "a", A))).hasMessageContaining("names no key");
        assertThatThrownBy(() -> SigningKeys.parse("{\"current\":\"a\",\"keys\":{\"a\":\"tiny\"}}"))
                .hasMessageNotContaining("tiny");
        assertThatThrownBy(() -> SigningKeys.parse("{not json")).hasMessageContaining("not valid JSON");
        assertThat(SigningKeys.parse(ring("a", OLD, "a", A)).toString()).doesNotContain(A).doesNotContain(OLD);
    }

    /**
     * A signer started on key "a" that counts its reads of the secret, on a clock the test moves; {@code rotate} then
     * puts key "b" in the secret and answers a signature made with it.
     */
    static final class Rotation {
        final AtomicReference<String> secret = new AtomicReference<>(ring("a", null, "a", A));
        final AtomicInteger reads = new AtomicInteger();
        final AtomicLong clock = new AtomicLong(0);
        final Signer signer = new Signer(() -> {
            reads.incrementAndGet();
            return SigningKeys.parse(secret.get());
        }, clock::get);

        String rotate() {
            secret.set(ring("b", null, "a", A, "b", B));
            return new Signer(secret.get()).sign("voter", "id-1");
        }
    }
}
