package dev.verdict.core.log;

import dev.verdict.core.json.Json;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one way the functions log: one JSON object per line on standard output, with {@code timestamp}, {@code level},
 * {@code logger}, {@code message}, the invocation's {@code requestId} and our own fields. With template.yaml's JSON log
 * format Lambda keeps such a line as it is and filters it by its {@code level}; a multi-line record (a stack trace
 * printed by a logging framework) would instead become several entries, each marked INFO.
 *
 * <p>What goes into a field is chosen by the caller: never an email address or a voter id (use a keyed ref).
 */
public final class Log {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    /** The invocation in progress (Lambda runs one at a time per instance); set by CurrentInvocation. */
    private static volatile String requestId;

    private final String logger;

    private Log(String logger) {
        this.logger = logger;
    }

    public static Log of(Class<?> type) {
        return new Log(type.getSimpleName());
    }

    /** Called as each invocation starts, so every line of it carries its request id. */
    public static void invocation(String awsRequestId) {
        requestId = awsRequestId;
    }

    /** {@code fields} are name/value pairs: {@code log.info("confirmation sent", "ref", ref)}. */
    public void info(String message, Object... fields) {
        write(Level.INFO, message, null, fields);
    }

    public void warn(String message, Object... fields) {
        write(Level.WARN, message, null, fields);
    }

    public void error(String message, Throwable failure, Object... fields) {
        write(Level.ERROR, message, failure, fields);
    }

    /** A finished line, also for tests: what {@link #info} and the others print. */
    Map<String, Object> line(Level level, String message, Throwable failure, Object... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name/value pairs");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("logger", logger);
        line.put("message", message);
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        for (int i = 0; i < fields.length; i += 2) {
            line.put(String.valueOf(fields[i]), fields[i + 1]);
        }
        if (failure != null) {
            line.put("errorType", failure.getClass().getName());
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            line.put("stackTrace", trace.toString());
        }
        return line;
    }

    private void write(Level level, String message, Throwable failure, Object... fields) {
        print(System.out, line(level, message, failure, fields));
    }

    /** One line, written whole (println of one string), so lines from two threads never interleave. */
    static void print(PrintStream out, Map<String, ?> line) {
        out.println(Json.writeLine(line));
    }
}
