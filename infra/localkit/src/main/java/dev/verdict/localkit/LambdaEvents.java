package dev.verdict.localkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Every event a function of template.yaml receives, written as the JSON document AWS sends (the shapes in the Lambda
 * developer guide): API Gateway HTTP requests ({@link HttpEvents}), DynamoDB stream batches with and without a tumbling
 * window, and EventBridge's Scheduled Event. Nothing here builds a Java event object: handlers get these bytes through
 * the runtime's deserialization, in-process or under the Runtime Interface Client.
 */
public final class LambdaEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    private LambdaEvents() {
    }

    public static HttpEvents http(String method, String routePath) {
        return HttpEvents.request(method, routePath);
    }

    /** A window of the tumbling-window mapping: [start, end), as ISO-8601 instants. */
    public record Window(Instant start, Instant end) {
        /** The window of {@code seconds} that {@code now} falls in, aligned to the epoch as Lambda aligns them. */
        public static Window containing(Instant now, long seconds) {
            long epoch = now.getEpochSecond();
            long start = epoch - Math.floorMod(epoch, seconds);
            return new Window(Instant.ofEpochSecond(start), Instant.ofEpochSecond(start + seconds));
        }
    }

    /** One stream record as Lambda passes it on, from the record the DynamoDB Streams API returned. */
    public static ObjectNode streamRecord(Record from, String streamArn) {
        var d = from.dynamodb();
        return streamRecord(from.eventID(), from.eventNameAsString(), d.sequenceNumber(), d.keys(),
                d.hasNewImage() ? d.newImage() : null, d.hasOldImage() ? d.oldImage() : null,
                d.approximateCreationDateTime() == null ? Instant.now() : d.approximateCreationDateTime(),
                d.sizeBytes() == null ? 0 : d.sizeBytes(), d.streamViewTypeAsString(), streamArn);
    }

    /** One stream record written out field by field (a benchmark's or a test's own record). */
    public static ObjectNode streamRecord(String eventId, String eventName, String sequenceNumber,
                                          Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage,
                                          Map<String, AttributeValue> oldImage, Instant created, long sizeBytes,
                                          String viewType, String streamArn) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventID", eventId == null ? UUID.randomUUID().toString() : eventId);
        record.put("eventName", eventName);
        record.put("eventVersion", "1.1");
        record.put("eventSource", "aws:dynamodb");
        record.put("awsRegion", REGION);
        ObjectNode dynamodb = record.putObject("dynamodb");
        // Seconds since the epoch, as a number: what the stream carries.
        dynamodb.put("ApproximateCreationDateTime", created.getEpochSecond());
        dynamodb.set("Keys", image(keys));
        if (newImage != null) {
            dynamodb.set("NewImage", image(newImage));
        }
        if (oldImage != null) {
            dynamodb.set("OldImage", image(oldImage));
        }
        dynamodb.put("SequenceNumber", sequenceNumber);
        dynamodb.put("SizeBytes", sizeBytes);
        dynamodb.put("StreamViewType", viewType == null ? "NEW_AND_OLD_IMAGES" : viewType);
        record.put("eventSourceARN", streamArn);
        return record;
    }

    /** A batch for a mapping without a tumbling window: {@code {"Records":[…]}}. */
    public static byte[] streamBatch(List<ObjectNode> records) {
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").addAll(records);
        return bytes(event);
    }

    /**
     * A batch for a mapping with a tumbling window: the records, the window, the state the function returned last
     * in this window, the shard and stream, and whether this is the window's final invoke (which carries no records).
     */
    public static byte[] windowBatch(List<ObjectNode> records, Window window, JsonNode state, String shardId,
                                     String streamArn, boolean finalInvoke) {
        ObjectNode event = JSON.createObjectNode();
        event.putArray("Records").addAll(records);
        ObjectNode w = event.putObject("window");
        w.put("start", window.start().toString());
        w.put("end", window.end().toString());
        event.set("state", state == null ? JSON.createObjectNode() : state);
        event.put("shardId", shardId);
        event.put("eventSourceARN", streamArn);
        event.put("isFinalInvokeForWindow", finalInvoke);
        event.put("isWindowTerminatedEarly", false);
        return bytes(event);
    }

    /** EventBridge's Scheduled Event for a rule, at {@code time}. */
    public static byte[] scheduled(String ruleArn, Instant time) {
        return bytes(scheduledTree(ruleArn, time));
    }

    public static ObjectNode scheduledTree(String ruleArn, Instant time) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", ACCOUNT);
        event.put("time", time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", REGION);
        event.putArray("resources").add(ruleArn);
        event.putObject("detail");
        return event;
    }

    /** The ARN of a schedule rule of the local stack's "account". */
    public static String ruleArn(String functionLogicalId, String scheduleName) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + functionLogicalId + "-" + scheduleName;
    }

    /** An item image in the stream's JSON: {@code {"name":{"S":"…"}}}. */
    public static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        if (item != null) {
            item.forEach((name, value) -> node.set(name, attribute(value)));
        }
        return node;
    }

    static ObjectNode attribute(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value.s() != null) {
            node.put("S", value.s());
        } else if (value.n() != null) {
            node.put("N", value.n());
        } else if (value.b() != null) {
            node.put("B", base64(value.b()));
        } else if (value.hasSs()) {
            value.ss().forEach(node.putArray("SS")::add);
        } else if (value.hasNs()) {
            value.ns().forEach(node.putArray("NS")::add);
        } else if (value.hasBs()) {
            ArrayNode bs = node.putArray("BS");
            value.bs().forEach(b -> bs.add(base64(b)));
        } else if (value.hasM()) {
            node.set("M", image(value.m()));
        } else if (value.hasL()) {
            ArrayNode l = node.putArray("L");
            value.l().forEach(v -> l.add(attribute(v)));
        } else if (value.bool() != null) {
            node.put("BOOL", value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            node.put("NULL", true);
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    /** Reads an answer's JSON; a payload that is not JSON is a missing node. */
    public static JsonNode tree(byte[] json) {
        try {
            return json == null || json.length == 0 ? JSON.missingNode() : JSON.readTree(json);
        } catch (IOException notJson) {
            return JSON.missingNode();
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
