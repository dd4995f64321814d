package dev.verdict.core.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts in CloudWatch's embedded metric format: one JSON log line per batch or run that CloudWatch turns into
 * metrics, with no agent and no API call on the request's path. Namespace {@value #NAMESPACE}, dimension {@code Source}.
 *
 * <pre>{@code Metrics.of("VoteStream").count("VoteRecords", records.size()).count("AggregateWrites", writes).emit();}</pre>
 */
public final class Metrics {

    public static final String NAMESPACE = "Verdict";

    private final String source;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    private Metrics(String source) {
        this.source = source;
    }

    public static Metrics of(String source) {
        return new Metrics(source);
    }

    public Metrics count(String name, long value) {
        counts.put(name, value);
        return this;
    }

    /** The line as CloudWatch reads it (its {@code _aws} metadata first). */
    public ObjectNode line() {
        ObjectNode line = Json.mapper().createObjectNode();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Source");
        ArrayNode definitions = directive.putArray("Metrics");
        counts.keySet().forEach(name -> definitions.addObject().put("Name", name).put("Unit", "Count"));
        line.put("Source", source);
        counts.forEach(line::put);
        return line;
    }

    public void emit() {
        Log.print(System.out, line());
    }
}
