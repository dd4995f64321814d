package dev.verdict.core.aws;

/** CloudWatch embedded metric format: one JSON log line that CloudWatch turns into metrics, no agent or API call. */
public final class Metrics {

    public static final String NAMESPACE = "Verdict";

    private Metrics() {
    }

    /** {@code counts} are name/value pairs, all with unit Count. */
    public static String line(String source, String[][] counts) {
        StringBuilder definitions = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (String[] count : counts) {
            definitions.append(definitions.isEmpty() ? "" : ",").append("{\"Name\":\"").append(count[0]).append("\",\"Unit\":\"Count\"}");
            values.append(",\"").append(count[0]).append("\":").append(count[1]);
        }
        return "{\"_aws\":{\"Timestamp\":" + System.currentTimeMillis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + NAMESPACE + "\",\"Dimensions\":[[\"Source\"]],\"Metrics\":[" + definitions + "]}]},\"Source\":\""
                + source + "\"" + values + "}";
    }
}
