package dev.verdict.bench.launch;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.TimeWindow;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the event objects Lambda hands a handler, from a flat list of {@code name=value} arguments, so that a
 * cold-start child process (which has only the function's jar and this package) and the in-process warm benchmark
 * build exactly the same event. Lambda itself deserialises the event from JSON with its own serialiser; here the
 * objects are constructed directly (the one step of a real invocation this skips).
 *
 * <pre>
 * kind=http      method=GET route=/comparisons/{slug} path.slug=x [body=...] [header.h=v] [cookie=c=v] [sourceIp=ip]
 * kind=dynamodb  source=arn:... [shardId=s windowSeconds=900] record.0.eventName=INSERT record.0.seq=100 record.0.keys.pk=S:x record.0.new.v=N:1
 *                record.0.old.v=S:x
 * kind=schedule  rule=arn:...
 * </pre>
 */
public final class Events {

    private Events() {
    }

    public static Object build(List<String> args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("event argument without '=': " + arg);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String kind = a.getOrDefault("kind", "");
        return switch (kind) {
            case "http" -> http(a);
            case "dynamodb" -> dynamodb(a);
            case "schedule" -> schedule(a);
            default -> throw new IllegalArgumentException("unknown event kind '" + kind + "'");
        };
    }

    private static APIGatewayV2HTTPEvent http(Map<String, String> a) {
        String method = a.get("method");
        String route = a.get("route");
        Map<String, String> path = prefixed(a, "path.");
        Map<String, String> headers = prefixed(a, "header.");
        String rawPath = route;
        for (var p : path.entrySet()) {
            rawPath = rawPath.replace("{" + p.getKey() + "}", p.getValue()).replace("{" + p.getKey() + "+}", p.getValue());
        }
        String body = a.get("body");
        if (body != null) {
            headers.putIfAbsent("content-type", "application/json");
        }
        String sourceIp = a.getOrDefault("sourceIp", "203.0.113.10");
        String cookie = a.get("cookie");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(method + " " + route)
                .withRawPath(rawPath)
                .withRawQueryString("")
                .withHeaders(headers)
                .withCookies(cookie == null ? null : List.of(cookie))
                .withPathParameters(path.isEmpty() ? null : path)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("bench-" + System.nanoTime())
                        .withRouteKey(method + " " + route)
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(rawPath).withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp).withUserAgent("bench").build())
                        .build())
                .build();
    }

    private static DynamodbEvent dynamodb(Map<String, String> a) {
        Map<Integer, Map<String, String>> byRecord = new TreeMap<>();
        for (var e : a.entrySet()) {
            if (e.getKey().startsWith("record.")) {
                String rest = e.getKey().substring("record.".length());
                int dot = rest.indexOf('.');
                byRecord.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), k -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), e.getValue());
            }
        }
        String source = a.getOrDefault("source", "arn:aws:dynamodb:us-east-1:000000000000:table/VotesTable/stream/bench");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Map<String, String> r : byRecord.values()) {
            StreamRecord stream = new StreamRecord();
            stream.setKeys(image(r, "keys."));
            Map<String, AttributeValue> newImage = image(r, "new.");
            Map<String, AttributeValue> oldImage = image(r, "old.");
            if (!newImage.isEmpty()) {
                stream.setNewImage(newImage);
            }
            if (!oldImage.isEmpty()) {
                stream.setOldImage(oldImage);
            }
            stream.setSequenceNumber(r.get("seq"));
            stream.setSizeBytes(100L);
            stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_AND_OLD_IMAGES);
            stream.setApproximateCreationDateTime(new Date());
            DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
            record.setEventID(r.getOrDefault("id", "bench-" + r.get("seq")));
            record.setEventName(r.get("eventName"));
            record.setEventSource("aws:dynamodb");
            record.setEventVersion("1.1");
            record.setAwsRegion("us-east-1");
            record.setEventSourceARN(source);
            record.setDynamodb(stream);
            records.add(record);
        }
        String shardId = a.get("shardId");
        if (shardId == null) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(records);
            return event;
        }
        // With a tumbling window on the mapping, Lambda sends the time-window event, which also names the shard.
        long now = System.currentTimeMillis() / 1000;
        long seconds = Long.parseLong(a.getOrDefault("windowSeconds", "900"));
        long start = now - Math.floorMod(now, seconds);
        return new DynamodbTimeWindowEvent(records,
                new TimeWindow(java.time.Instant.ofEpochSecond(start).toString(),
                        java.time.Instant.ofEpochSecond(start + seconds).toString()),
                new java.util.HashMap<>(), shardId, source, false, false);
    }

    private static ScheduledEvent schedule(Map<String, String> a) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId("bench-" + System.nanoTime());
        event.setDetailType("Scheduled Event");
        event.setSource("aws.events");
        event.setAccount("000000000000");
        event.setRegion("us-east-1");
        event.setTime(new org.joda.time.DateTime());
        event.setResources(List.of(a.getOrDefault("rule", "arn:aws:events:us-east-1:000000000000:rule/bench")));
        event.setDetail(Map.of());
        return event;
    }

    /** {@code prefix + name = T:value}, T one of S, N, BOOL, as a stream image. */
    private static Map<String, AttributeValue> image(Map<String, String> r, String prefix) {
        Map<String, AttributeValue> image = new LinkedHashMap<>();
        prefixed(r, prefix).forEach((name, typed) -> {
            int colon = typed.indexOf(':');
            String type = typed.substring(0, colon);
            String value = typed.substring(colon + 1);
            image.put(name, switch (type) {
                case "S" -> new AttributeValue().withS(value);
                case "N" -> new AttributeValue().withN(value);
                case "BOOL" -> new AttributeValue().withBOOL(Boolean.parseBoolean(value));
                default -> throw new IllegalArgumentException("unsupported attribute type " + type);
            });
        });
        return image;
    }

    private static Map<String, String> prefixed(Map<String, String> a, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        a.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
