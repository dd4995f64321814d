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
    /** The problem's type URI when it says more than its status does (the client acts on it); else the status's. */
    private final String type;

    public ApiException(int status, String title, String detail, Map<String, String> headers) {
        this(null, status, title, detail, headers);
    }

    private ApiException(String type, int status, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    /** 401 of a named problem type, so a client can tell what to do about it (for example, create a voter first). */
    public static ApiException unauthorized(String type, String detail) {
        return new ApiException(type, 401, "Unauthorized", detail, Map.of());
    }

    /** Our side could not answer just now (contention, throttling): the client may try again after a moment. */
    public static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail, Map.of("Retry-After", "1"));
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
        ApiResponse problem = type == null ? Problems.response(status, title, getMessage())
                : Problems.response(type, status, title, getMessage());
        return problem.withHeaders(headers);
    }
}
