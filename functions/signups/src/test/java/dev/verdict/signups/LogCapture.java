package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

/**
 * Everything the code logs while it is open: java.util.logging (where System.Logger and the AWS SDK's SLF4J end up),
 * with messages formatted and causes' stack traces included, and whatever is printed to stdout and stderr.
 */
final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger root = Logger.getLogger("");
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        PrintStream tee = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
    }

    /** Everything logged or printed so far. */
    String text() {
        return String.join("", lines) + printed.toString(StandardCharsets.UTF_8);
    }

    /** Lines the service's own log wrote: one JSON object each, with its level. */
    int logLines() {
        return (int) ownLines().count();
    }

    /** The last line the service's own log wrote with this message, as the JSON object it is. */
    JsonNode line(String message) {
        JsonNode found = ownLines().map(LogCapture::json).filter(node -> message.equals(node.path("message").asText()))
                .reduce((earlier, later) -> later).orElse(null);
        assertThat(found).as("a log line with the message '%s'", message).isNotNull();
        return found;
    }

    private Stream<String> ownLines() {
        return printed.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("{") && line.contains("\"level\":"));
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("a log line that is not one JSON object: " + line, e);
        }
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        System.setOut(out);
        System.setErr(err);
    }
}
