package dev.verdict.localkit;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What an invocation came back with, as Lambda's Runtime API carries it: the response's JSON, or the function error
 * ({@code errorType} and {@code errorMessage} as the runtime reports them, e.g. {@code java.lang.RuntimeException} and
 * "An error occurred during JSON parsing" for an event the handler's type cannot be read from).
 */
public record LambdaResult(byte[] payload, String errorType, String errorMessage, List<String> stackTrace) {

    public static LambdaResult success(byte[] payload) {
        return new LambdaResult(payload, null, null, List.of());
    }

    public static LambdaResult failure(String errorType, String errorMessage, List<String> stackTrace) {
        return new LambdaResult(null, errorType, errorMessage, List.copyOf(stackTrace));
    }

    /** The runtime's error for a Throwable: its class name and message, and where it was thrown. */
    public static LambdaResult failure(Throwable t) {
        List<String> trace = java.util.Arrays.stream(t.getStackTrace()).limit(20).map(StackTraceElement::toString).toList();
        return failure(t.getClass().getName(), t.getMessage(), trace);
    }

    public boolean ok() {
        return errorType == null;
    }

    /** The response as text (JSON); empty for a failure. */
    public String json() {
        return payload == null ? "" : new String(payload, StandardCharsets.UTF_8);
    }

    /** One line naming what happened, for logs and assertion messages. */
    public String describe() {
        return ok() ? json() : errorType + ": " + errorMessage;
    }
}
