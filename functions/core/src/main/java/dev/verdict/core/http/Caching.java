package dev.verdict.core.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Validators and freshness for public reads: a strong ETag from the body, 304 when the client already has it, and a
 * short max-age with stale-while-revalidate so a CDN or browser serves a hot page while it refreshes in the background.
 */
public final class Caching {

    private final int maxAgeSeconds;
    private final int staleWhileRevalidateSeconds;

    public Caching(int maxAgeSeconds, int staleWhileRevalidateSeconds) {
        this.maxAgeSeconds = maxAgeSeconds;
        this.staleWhileRevalidateSeconds = staleWhileRevalidateSeconds;
    }

    public ApiResponse apply(ApiRequest request, ApiResponse response) {
        String etag = etag(response.body());
        String cacheControl = "public, max-age=" + maxAgeSeconds + ", stale-while-revalidate=" + staleWhileRevalidateSeconds;
        Map<String, String> headers = Map.of("ETag", etag, "Cache-Control", cacheControl);
        if (request.header("If-None-Match").map(value -> matches(value, etag)).orElse(false)) {
            return new ApiResponse(304, headers, null, List.of());
        }
        return response.withHeaders(headers);
    }

    static String etag(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** If-None-Match: "*" or a list of tags, weak ones compared weakly as RFC 9110 asks for this header. */
    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
