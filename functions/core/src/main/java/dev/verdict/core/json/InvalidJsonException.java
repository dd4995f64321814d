package dev.verdict.core.json;

/**
 * A body that is not the JSON asked for. The http layer answers it with 400; json itself knows nothing of HTTP.
 * No stack trace: a malformed body is an expected outcome, not a fault.
 */
public final class InvalidJsonException extends RuntimeException {

    InvalidJsonException(String message) {
        super(message, null, false, false);
    }
}
