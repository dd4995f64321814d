package dev.verdict.local;

import com.sun.net.httpserver.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * How a site file is answered, as S3 behind CloudFront answers it: an ETag (S3's is the MD5 of the object) and
 * Last-Modified, {@code 304} to a request whose validators still match, gzip when the reader accepts it and the type
 * is one CloudFront compresses (and the file is 1,000 bytes or more, CloudFront's floor), and the caching the upload
 * sets: a year and immutable for content-hashed asset names, revalidation for everything else.
 */
final class SiteDelivery {

    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    private static final Pattern HASHED = Pattern.compile("/assets/[^/]+\\.[0-9a-f]{8}\\.[a-z0-9]+");
    private static final int COMPRESS_FROM = 1000;

    private SiteDelivery() {
    }

    static Answer answer(String path, SiteFiles.File file, Headers request, int status, Map<String, String> siteHeaders) {
        String etag = "\"" + md5(file.bytes()) + "\"";
        Instant modified = file.lastModified().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> headers = new LinkedHashMap<>(siteHeaders);
        headers.put("Content-Type", file.contentType());
        headers.put("Cache-Control", HASHED.matcher(path).matches() ? "public, max-age=31536000, immutable" : "no-cache");
        headers.put("ETag", etag);
        headers.put("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atOffset(ZoneOffset.UTC)));
        headers.put("Vary", "Accept-Encoding");
        if (status == 200 && notModified(request, etag, modified)) {
            headers.remove("Content-Type");
            return new Answer(304, headers, null);
        }
        byte[] body = file.bytes();
        if (compressible(file.contentType()) && body.length >= COMPRESS_FROM && acceptsGzip(request.getFirst("Accept-Encoding"))) {
            body = gzip(body);
            headers.put("Content-Encoding", "gzip");
        }
        return new Answer(status, headers, body);
    }

    /** RFC 9110 §13.2.2: If-None-Match decides when present; If-Modified-Since only without it. */
    private static boolean notModified(Headers request, String etag, Instant modified) {
        String ifNoneMatch = request.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim().replaceFirst("^W/", "");
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String since = request.getFirst("If-Modified-Since");
        if (since == null) {
            return false;
        }
        try {
            return !modified.isAfter(DateTimeFormatter.RFC_1123_DATE_TIME.parse(since, Instant::from));
        } catch (DateTimeParseException unreadable) {
            return false;
        }
    }

    private static boolean compressible(String contentType) {
        return contentType.startsWith("text/") || contentType.startsWith("application/json")
                || contentType.startsWith("application/xml") || contentType.startsWith("image/svg+xml")
                || contentType.startsWith("application/manifest+json");
    }

    private static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.toLowerCase(java.util.Locale.ROOT).split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equals("gzip")) {
                return !(parts.length > 1 && parts[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
