package dev.verdict.core.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Opaque paging cursors: the position to resume from, bound to the listing it came from and signed, so a cursor we did
 * not issue (or one from another listing) is refused instead of silently reading from an arbitrary place.
 */
public final class CursorCodec {

    private static final String PURPOSE = "cursor";
    private static final int MAX_LENGTH = 512;

    private final Signer signer;

    public CursorCodec(Signer signer) {
        this.signer = signer;
    }

    public String encode(String scope, String position) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
        return body + "." + signer.sign(PURPOSE, scope + "\n" + position);
    }

    /** The position, or empty when the cursor is malformed, tampered with, or from another scope. */
    public Optional<String> decode(String scope, String cursor) {
        if (cursor == null || cursor.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int dot = cursor.indexOf('.');
        if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
            return Optional.empty();
        }
        String position;
        try {
            position = new String(Base64.getUrlDecoder().decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        return signer.verify(PURPOSE, scope + "\n" + position, cursor.substring(dot + 1)) ? Optional.of(position) : Optional.empty();
    }
}
