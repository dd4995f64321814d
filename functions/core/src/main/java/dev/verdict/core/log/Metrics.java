package dev.verdict.core.log;

import java.util.LinkedHashMap;
import java.util.List;
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
    public Map<String, Object> line() {
        List<Map<String, String>> definitions = counts.keySet().stream()
                .map(name -> {
                    Map<String, String> definition = new LinkedHashMap<>();
                    definition.put("Name", name);
                    definition.put("Unit", "Count");
                    return definition;
                }).toList();
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.of("Source")));
        directive.put("Metrics", definitions);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", System.currentTimeMillis());
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", aws);
        line.put("Source", source);
        line.putAll(counts);
        return line;
    }

    public void emit() {
        Log.print(System.out, line());
    }
}
