package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The recompute's twin, for a run that finds every aggregate right (the bench gives the recompute tables whose
 * aggregates match their votes, so after its first run it repairs nothing): the saved cursor and the watch list
 * (GetItems), the votes stream's description (DescribeTable, then the stream's shards where it has one), the
 * aggregates (a Scan of the content table, before the recount and after it), the recount itself (a parallel Scan of
 * the votes table in four segments), each tool's community aggregate read together (TransactGetItems), the last day's
 * trending buckets (a Query per hour), the cursor cleared and the watch list saved, and the ranks checked (a
 * consistent Scan, then the buckets again). It counts; it does not compare or repair.
 */
public class BareRecomputeHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    private static final int SEGMENTS = 4;

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final DynamoDbStreamsClient streams = BareAws.streams();
    private final String content = BareAws.table("CONTENT_TABLE");
    private final String votes = BareAws.table("VOTES_TABLE");
    private final int pageSize = Integer.parseInt(System.getenv().getOrDefault("RECOMPUTE_PAGE_SIZE", "1000"));

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        Instant now = Instant.now();
        dynamo.getItem(g -> g.tableName(content).key(recompute("CURSOR")).consistentRead(true));
        String streamArn = dynamo.describeTable(d -> d.tableName(votes)).table().latestStreamArn();
        int shards = streamArn == null ? 0 : streams.describeStream(d -> d.streamArn(streamArn)).streamDescription().shards().size();
        Set<String> tools = tools(false);
        dynamo.getItem(g -> g.tableName(content).key(recompute("WATCH")).consistentRead(true));
        Map<String, long[]> recount = recount();
        tools.addAll(tools(false));
        tools.addAll(recount.keySet());
        List<TransactGetItem> gets = tools.stream().map(tool -> TransactGetItem.builder().get(Get.builder().tableName(content)
                .key(Map.of("pk", AttributeValue.fromS("TOOL#" + tool), "sk", AttributeValue.fromS("COMMUNITY"))).build()).build()).toList();
        int communities = gets.isEmpty() ? 0 : dynamo.transactGetItems(t -> t.transactItems(gets)).responses().size();
        int buckets = trending(now);
        dynamo.deleteItem(d -> d.tableName(content).key(recompute("CURSOR")));
        Map<String, AttributeValue> watch = new HashMap<>(recompute("WATCH"));
        watch.put("toolIds", AttributeValue.fromL(List.of()));
        dynamo.putItem(p -> p.tableName(content).item(watch));
        tools(true);
        buckets += trending(now);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("shards", shards);
        summary.put("toolsCounted", recount.size());
        summary.put("aggregatesRead", communities);
        summary.put("bucketsRead", buckets);
        return summary;
    }

    /** The tools the content table holds aggregates for (a Scan of the whole table, as the function reads it). */
    private Set<String> tools(boolean consistent) {
        Set<String> tools = new TreeSet<>();
        dynamo.scanPaginator(s -> s.tableName(content).consistentRead(consistent ? true : null)).items().forEach(item -> {
            String pk = item.get("pk").s();
            if (pk.startsWith("TOOL#") && "COMMUNITY".equals(item.get("sk").s())) {
                tools.add(pk.substring("TOOL#".length()));
            }
        });
        return tools;
    }

    /** Ship and skip votes per tool, from the votes table scanned in parallel segments. */
    private Map<String, long[]> recount() {
        ExecutorService pool = Executors.newFixedThreadPool(SEGMENTS);
        try {
            Map<String, long[]> counts = new HashMap<>();
            List<Future<Map<String, long[]>>> segments = new java.util.ArrayList<>();
            for (int s = 0; s < SEGMENTS; s++) {
                int segment = s;
                segments.add(pool.submit(() -> {
                    Map<String, long[]> mine = new HashMap<>();
                    dynamo.scanPaginator(r -> r.tableName(votes).segment(segment).totalSegments(SEGMENTS).limit(pageSize)
                            .projectionExpression("#p, #s, #t, #v, #c")
                            .expressionAttributeNames(Map.of("#p", "pk", "#s", "sk", "#t", "toolId", "#v", "verdict", "#c", "changedAt")))
                            .items().forEach(item -> {
                                if (item.containsKey("toolId") && item.containsKey("verdict")) {
                                    mine.computeIfAbsent(item.get("toolId").s(), t -> new long[2])["ship".equals(item.get("verdict").s()) ? 0 : 1]++;
                                }
                            });
                    return mine;
                }));
            }
            for (Future<Map<String, long[]>> segment : segments) {
                segment.get().forEach((tool, c) -> counts.merge(tool, c, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]}));
            }
            return counts;
        } catch (Exception e) {
            throw new IllegalStateException("recount failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The trending buckets of the last 24 hours, one Query per hour. */
    private int trending(Instant now) {
        int items = 0;
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        for (int h = 23; h >= 0; h--) {
            String pk = "TRENDING#" + hour.minus(h, ChronoUnit.HOURS);
            items += dynamo.query(q -> q.tableName(content).consistentRead(true).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", "pk"))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))).count();
        }
        return items;
    }

    private static Map<String, AttributeValue> recompute(String sk) {
        return Map.of("pk", AttributeValue.fromS("RECOMPUTE"), "sk", AttributeValue.fromS(sk));
    }
}
