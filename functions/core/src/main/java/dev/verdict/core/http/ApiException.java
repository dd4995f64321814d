package dev.verdict.core.http;

import java.util.Map;

/**
 * A request the API refuses, carrying the problem to answer with (RFC 9457). Thrown from validation anywhere in a
 * handler and turned into a response in one place, {@link HttpRoutes}. No stack trace: these are expected outcomes.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final Map<String, String> headers;

    public ApiException(int status, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail, Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail, Map.of());
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "Unsupported Media Type", detail, Map.of());
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "Too Many Requests", "Slow down and try again in " + retryAfterSeconds + " seconds.",
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ApiResponse toResponse() {
        return Problems.response(status, title, getMessage()).withHeaders(headers);
    }
}
