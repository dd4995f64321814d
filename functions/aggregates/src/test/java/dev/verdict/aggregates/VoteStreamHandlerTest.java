package dev.verdict.aggregates;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.config.Settings;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.ContentAggregates;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.StandardOutput;
import io.micronaut.context.ApplicationContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/** Votes written to a real votes table, their real stream read into the stream handler, aggregates read back. */
class VoteStreamHandlerTest {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");
    static final int THREADS = 32;
    /**
     * 500 voters per thread: 16,000 voters, about 28,000 writes and as many stream records (167–253 s on moto, with
     * other builds sharing the two cores). {@code -Dverdict.votersPerThread=40} runs a quick version while iterating.
     */
    static final int VOTERS_PER_THREAD = Integer.getInteger("verdict.votersPerThread", 500);

    @Test
    void countsEachVoteExactlyThroughPutRepeatChangeRetractAndReVote() {
        try (var f = new AggregatesFixture()) {
            assertThat(f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, NOW)).isTrue();
            f.poller.drain();
            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(1, 0));

            assertThat(f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, NOW)).isFalse();
            f.poller.drain();
            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(1, 0));

            assertThat(f.votes.put("alice", "code-llama-4", Verdict.SKIP, SLUG, NOW)).isTrue();
            f.poller.drain();
            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(0, 1));

            assertThat(f.votes.retract("alice", "code-llama-4")).isTrue();
            f.poller.drain();
            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(0, 0));

            assertThat(f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, NOW)).isTrue();
            f.poller.drain();
            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(1, 0));
            assertThat(f.community("google-scion")).isEqualTo(Tally.EMPTY);
        }
    }

    @Test
    void aVoteStoredWithoutAChangeTimeIsStillCountedOutWhenRetracted() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, NOW);
            f.poller.drain();
            // As a vote stored before votes carried the time of their last change.
            f.tables.client().updateItem(b -> b.tableName(f.tables.table("VotesTable"))
                    .key(dev.verdict.core.store.VotesTable.key("alice", "code-llama-4"))
                    .updateExpression("REMOVE " + dev.verdict.core.store.VotesTable.CHANGED_AT));
            f.poller.drain();

            f.votes.retract("alice", "code-llama-4");
            f.poller.drain();

            assertThat(f.community("code-llama-4")).isEqualTo(Tally.EMPTY);
        }
    }

    /** Change times that are no count of milliseconds: text, and a number with a fraction. */
    static Stream<AttributeValue> unreadableChangeTimes() {
        return Stream.of(AttributeValue.fromS("yesterday"), AttributeValue.fromN("1.5"));
    }

    @ParameterizedTest
    @MethodSource("unreadableChangeTimes")
    void aVoteWhoseChangeTimeIsNoMillisecondCountStaysCountedAndLeavesItsHoursBucket(AttributeValue changedAt) {
        try (var f = new AggregatesFixture()) {
            Instant hour = BucketRepairTest.HOUR.minus(java.time.Duration.ofHours(2));
            f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, hour.plusSeconds(60));
            f.poller.drain();
            // Written by something other than this code: the vote's hour cannot be read any more.
            f.tables.client().updateItem(b -> b.tableName(f.tables.table("VotesTable"))
                    .key(dev.verdict.core.store.VotesTable.key("alice", "code-llama-4"))
                    .updateExpression("SET #at = :at")
                    .expressionAttributeNames(Map.of("#at", dev.verdict.core.store.VotesTable.CHANGED_AT))
                    .expressionAttributeValues(Map.of(":at", changedAt)));
            f.poller.drain();

            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(1, 0));
            var bucket = BucketRepairTest.bucket(f, hour, 0);
            assertThat(bucket.get("s:code-llama-4").n()).isEqualTo("0");
            assertThat(bucket.get("n:code-llama-4").n()).isEqualTo("0");
        }
    }

    @Test
    void aVoteRetractedInTheBatchThatCastItLeavesNothingInItsHoursBucket() {
        try (var f = new AggregatesFixture()) {
            Instant hour = BucketRepairTest.HOUR.minus(java.time.Duration.ofHours(2));
            f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, hour.plusSeconds(60));
            f.votes.put("bob", "google-scion", Verdict.SKIP, SLUG, hour.plusSeconds(120));
            f.votes.retract("alice", "code-llama-4");
            f.poller.drain();

            var bucket = BucketRepairTest.bucket(f, hour, 0);
            assertThat(f.community("code-llama-4")).isEqualTo(Tally.EMPTY);
            assertThat(bucket).containsKeys("s:google-scion", "n:google-scion")
                    .doesNotContainKeys("s:code-llama-4", "n:code-llama-4");
        }
    }

    @Test
    @Tag("long")
    void aggregatesEqualAnExactRecountAfter32ThreadsOfDistinctVotersWithRepeatsAndChanges() throws Exception {
        try (var f = new AggregatesFixture()) {
            List<String> tools = List.of("google-scion", "code-llama-4", "aider", "continue");
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    Random random = new Random(thread);
                    for (int v = 0; v < VOTERS_PER_THREAD; v++) {
                        String voter = "voter-" + thread + "-" + v;
                        String tool = tools.get(random.nextInt(tools.size()));
                        Verdict first = random.nextBoolean() ? Verdict.SHIP : Verdict.SKIP;
                        f.votes.put(voter, tool, first, SLUG, NOW);
                        switch (random.nextInt(4)) {
                            case 0 -> f.votes.put(voter, tool, first, SLUG, NOW); // the same again
                            case 1 -> f.votes.put(voter, tool, first == Verdict.SHIP ? Verdict.SKIP : Verdict.SHIP, SLUG, NOW);
                            case 2 -> f.votes.retract(voter, tool);
                            default -> { }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
            pool.shutdown();
            long written = System.nanoTime();
            System.out.printf("32 threads: votes written in %d ms%n", (written - started) / 1_000_000);
            f.poller.drain();
            System.out.printf("32 threads: stream drained in %d ms%n", (System.nanoTime() - written) / 1_000_000);

            Map<String, Counts> recount = f.recount();
            long voters = (long) THREADS * VOTERS_PER_THREAD;
            assertThat(recount.values().stream().mapToLong(c -> c.ship() + c.skip()).sum()).isBetween(voters / 2, voters);
            for (String tool : tools) {
                assertThat(AggregatesFixture.counts(f.community(tool))).as(tool)
                        .isEqualTo(recount.getOrDefault(tool, Counts.ZERO));
            }
        }
    }

    @Test
    void countsABatchOnceWhenLambdaDeliversItTwice() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "google-scion", Verdict.SKIP, SLUG, NOW);
            DynamodbTimeWindowEvent batch = wholeStreamAsOneBatch(f);

            var first = f.streamHandler.handleRequest(batch, null);
            var second = f.streamHandler.handleRequest(batch, null);

            assertThat(first.getBatchItemFailures()).isEmpty();
            assertThat(second.getBatchItemFailures()).isEmpty();
            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 1));
        }
    }

    @Test
    void isExactAfterATransactionWhoseResponseWasLostAfterItCommitted() {
        var lost = new FailingTransactions(FailingTransactions.Kind.LOST_RESPONSE_AFTER_WRITE, 1);
        try (var f = new AggregatesFixture(lost)) {
            f.votes.put("alice", "aider", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "aider", Verdict.SHIP, SLUG, NOW);
            f.poller.drain();

            assertThat(lost.injected.get()).isEqualTo(1);
            assertThat(f.community("aider")).isEqualTo(new Tally(2, 0));
        }
    }

    @Test
    void retriesATransactionConflictAndStaysExact() {
        var conflict = new FailingTransactions(FailingTransactions.Kind.CONFLICT_BEFORE_WRITE, 1);
        try (var f = new AggregatesFixture(conflict)) {
            f.votes.put("alice", "continue", Verdict.SKIP, SLUG, NOW);
            f.poller.drain();

            assertThat(conflict.injected.get()).isEqualTo(1);
            assertThat(f.community("continue")).isEqualTo(new Tally(0, 1));
        }
    }

    @Test
    void handsBackTheUnappliedTailAndIsExactOnceLambdaRedeliversIt() {
        // More failures than the handler retries in place: it reports batchItemFailures and the poller redelivers.
        var failing = new FailingTransactions(FailingTransactions.Kind.CONFLICT_BEFORE_WRITE, StreamApplier.ATTEMPTS);
        try (var f = new AggregatesFixture(failing)) {
            f.votes.put("alice", "code-llama-4", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "code-llama-4", Verdict.SKIP, SLUG, NOW);
            var response = f.streamHandler.handleRequest(wholeStreamAsOneBatch(f), null);
            assertThat(response.getBatchItemFailures()).hasSize(1);
            assertThat(f.community("code-llama-4")).isEqualTo(Tally.EMPTY);

            f.poller.drain();

            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(1, 1));
        }
    }

    @Test
    void splitsABatchTouchingMoreToolsThanOneTransactionTakesAndCountsEachOnce() {
        try (var f = new AggregatesFixture()) {
            java.util.stream.IntStream.range(0, 150).parallel()
                    .forEach(i -> f.votes.put("voter-" + i, "tool-" + i, Verdict.SHIP, SLUG, NOW));
            var batch = wholeStreamAsOneBatch(f);
            assertThat(batch.getRecords()).hasSize(150);

            f.streamHandler.handleRequest(batch, null);
            f.streamHandler.handleRequest(batch, null);

            var community = f.content.aggregates().community();
            for (int i = 0; i < 150; i++) {
                assertThat(community.get("tool-" + i)).as("tool-" + i).isEqualTo(new Counts(1, 0));
            }
        }
    }

    @Test
    void stepsOverMalformedRecordsAppliesTheRestAndLogsThemWithoutTheVoter() throws Exception {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            ObjectNode real = StreamBatches.records(f).getFirst();
            java.math.BigInteger sequence = new java.math.BigInteger(real.get("dynamodb").get("SequenceNumber").asText());
            ObjectNode insertWithoutImage = StreamBatches.withSequenceNumber(real, sequence.subtract(java.math.BigInteger.TWO).toString());
            ((ObjectNode) insertWithoutImage.get("dynamodb")).remove("NewImage");
            insertWithoutImage.put("eventID", "broken-insert");
            ObjectNode modifyWithoutOldImage = StreamBatches.withSequenceNumber(real, sequence.subtract(java.math.BigInteger.ONE).toString());
            modifyWithoutOldImage.put("eventName", "MODIFY");
            modifyWithoutOldImage.put("eventID", "broken-modify");
            var batch = StreamBatches.batch(f, StreamBatches.realShard(f), List.of(insertWithoutImage, modifyWithoutOldImage, real));

            List<String> logged = StandardOutput.linesPrintedBy(() -> assertThat(f.streamHandler.handleRequest(batch, null).getBatchItemFailures()).isEmpty());

            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 0));
            assertThat(counts(metrics(logged))).containsExactly(3, 3, 0, 2, 1);   // stepped over: consumed, not counted
            List<String> warnings = logged.stream().filter(line -> line.contains("malformed vote stream record")).toList();
            assertThat(warnings).hasSize(2).anySatisfy(line -> assertThat(line).contains("\"eventID\":\"broken-insert\""))
                    .anySatisfy(line -> assertThat(line).contains("\"eventID\":\"broken-modify\"", "\"eventName\":\"MODIFY\""));
            assertThat(String.join("\n", logged)).doesNotContain("alice");
        }
    }

    @Test
    void countsABatchFromAMappingWithoutATumblingWindowOnce() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "continue", Verdict.SKIP, SLUG, NOW);
            // Without a window Lambda sends {"Records":[…]}: no shard id, no state; the stream is the checkpoint's scope.
            var batch = StreamBatches.read(LambdaEvents.streamBatch(StreamBatches.records(f)));

            var first = f.streamHandler.handleRequest(batch, null);
            var again = f.streamHandler.handleRequest(batch, null);

            assertThat(first.getBatchItemFailures()).isEmpty();
            assertThat(again.getBatchItemFailures()).isEmpty();
            assertThat(f.community("continue")).isEqualTo(new Tally(0, 1));
        }
    }

    @ParameterizedTest(name = "the shard has a checkpoint already: {0}")
    @ValueSource(booleans = {false, true})
    void countsABatchOnceWhenASecondInstanceAppliesItFromAStaleCheckpoint(boolean shardHasACheckpointAlready) throws Exception {
        var stale = new HeldAfterItsCheckpointRead();
        try (var f = new AggregatesFixture(); var secondInstance = streamHandlerWith(f, stale)) {
            if (shardHasACheckpointAlready) {
                f.votes.put("carol", "aider", Verdict.SHIP, SLUG, NOW);
                f.poller.drain();
            }
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "google-scion", Verdict.SKIP, SLUG, NOW);
            DynamodbTimeWindowEvent batch = wholeStreamAsOneBatch(f);
            ExecutorService lambda = Executors.newSingleThreadExecutor();
            List<String> logged;
            try {
                logged = StandardOutput.linesPrintedBy(() -> {
                    try {
                        // Lambda delivers the batch to a second instance too (a retry after a timeout); it reads the
                        // checkpoint and is held there while the first instance applies the batch and moves it on.
                        var late = lambda.submit(() -> secondInstance.handleRequest(batch, null));
                        stale.awaitCheckpointRead();
                        var first = f.streamHandler.handleRequest(batch, null);
                        stale.release();
                        var second = late.get(60, java.util.concurrent.TimeUnit.SECONDS);

                        assertThat(first.getBatchItemFailures()).isEmpty();
                        assertThat(second.getBatchItemFailures()).isEmpty();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } finally {
                lambda.shutdownNow();
            }

            int records = batch.getRecords().size();
            int earlier = shardHasACheckpointAlready ? 1 : 0;
            // Each instance's metrics: the first applied the two new votes; the second found all of them applied.
            List<List<Integer>> reported = logged.stream().filter(line -> line.contains("\"CloudWatchMetrics\"")).map(line -> {
                try {
                    return counts(Json.mapper().readTree(line));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(reported).containsExactlyInAnyOrder(List.of(records, 2, earlier, 0, 1), List.of(records, 0, records, 0, 0));
            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 1));
            // The instance that read the stale checkpoint wrote nothing: the aggregate was written once.
            assertThat(f.content.aggregates().version(ContentAggregates.Aggregate.COMMUNITY, "google-scion")).isEqualTo(1);
            assertThat(f.community("aider")).isEqualTo(shardHasACheckpointAlready ? new Tally(1, 0) : Tally.EMPTY);
        }
    }

    @Test
    void keepsEachShardsCheckpointApartSoAShardBehindAnotherStillCounts() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "aider", Verdict.SKIP, SLUG, NOW);
            var records = StreamBatches.records(f);
            var earlier = List.of(records.get(0));
            var later = List.of(records.get(1));

            // Two shards of one stream: the shard holding the later sequence number is delivered first.
            var second = f.streamHandler.handleRequest(StreamBatches.batch(f, "shardId-00000002-b", later), null);
            var first = f.streamHandler.handleRequest(StreamBatches.batch(f, "shardId-00000001-a", earlier), null);
            // Each shard redelivered: its own checkpoint still keeps it from counting twice.
            f.streamHandler.handleRequest(StreamBatches.batch(f, "shardId-00000002-b", later), null);
            f.streamHandler.handleRequest(StreamBatches.batch(f, "shardId-00000001-a", earlier), null);

            assertThat(second.getBatchItemFailures()).isEmpty();
            assertThat(first.getBatchItemFailures()).isEmpty();
            assertThat(f.community("aider")).isEqualTo(new Tally(1, 1));
        }
    }

    @ParameterizedTest(name = "sequence number {0}")
    @NullSource
    @ValueSource(strings = {"not-a-number", "", "-7", "1.5", "12ab"})
    void stepsOverARecordWhoseSequenceNumberIsNotANumberAndAppliesTheRest(String sequenceNumber) {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "code-llama-4", Verdict.SHIP, SLUG, NOW);
            var records = StreamBatches.records(f);
            var batch = StreamBatches.batch(f, StreamBatches.realShard(f),
                    List.of(StreamBatches.withSequenceNumber(records.get(0), sequenceNumber), records.get(1)));

            var response = f.streamHandler.handleRequest(batch, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(1, 0));
            assertThat(f.community("google-scion")).isEqualTo(Tally.EMPTY);
        }
    }

    @Test
    void stepsOverARecordWithoutItsStreamDataAndAppliesTheRest() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "code-llama-4", Verdict.SHIP, SLUG, NOW);
            var records = StreamBatches.records(f);
            ObjectNode withoutData = records.get(0).deepCopy();
            withoutData.remove("dynamodb");
            var batch = StreamBatches.batch(f, StreamBatches.realShard(f), List.of(withoutData, records.get(1)));

            var response = f.streamHandler.handleRequest(batch, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(f.community("code-llama-4")).isEqualTo(new Tally(1, 0));
            assertThat(f.community("google-scion")).isEqualTo(Tally.EMPTY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"the window's final invoke, with an empty Records list", "an event without Records"})
    void answersAnEventWithNoRecordsAndWritesNothing(String event) {
        try (var f = new AggregatesFixture()) {
            ObjectNode json = (ObjectNode) LambdaEvents.tree(LambdaEvents.windowBatch(List.of(),
                    LambdaEvents.Window.containing(Instant.now(), 900), null, StreamBatches.realShard(f),
                    StreamBatches.streamArn(f), true));
            if (event.contains("without")) {
                json.remove("Records");
            }
            int itemsBefore = f.tables.client().scan(b -> b.tableName(f.tables.table("ContentTable"))).count();

            var response = f.streamHandler.handleRequest(StreamBatches.read(json.toString().getBytes(UTF_8)), null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(f.tables.client().scan(b -> b.tableName(f.tables.table("ContentTable"))).count()).isEqualTo(itemsBefore);
        }
    }

    @Test
    void reportsEachBatchAsCloudWatchMetricsWithoutAVoterInThem() throws Exception {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "aider", Verdict.SHIP, SLUG, NOW);
            f.votes.put("bob", "aider", Verdict.SKIP, SLUG, NOW);
            f.votes.put("carol", "continue", Verdict.SHIP, SLUG, NOW);
            var records = new ArrayList<>(StreamBatches.records(f));
            records.add(StreamBatches.withSequenceNumber(records.get(0), "unreadable"));
            var batch = StreamBatches.batch(f, StreamBatches.realShard(f), records);

            JsonNode first = metricsOf(() -> f.streamHandler.handleRequest(batch, null));
            JsonNode again = metricsOf(() -> f.streamHandler.handleRequest(batch, null));

            List<String> names = new ArrayList<>();
            first.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").forEach(m -> {
                names.add(m.get("Name").asText());
                assertThat(m.get("Unit").asText()).isEqualTo("Count");
            });
            assertThat(names).containsExactly("VoteRecords", "VoteRecordsApplied", "VoteRecordsAlreadyApplied",
                    "MalformedVoteRecords", "AggregateWrites", "TrendingBucketWrites");
            assertThat(first.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("Verdict");
            assertThat(first.get("Source").asText()).isEqualTo("VoteStream");
            assertThat(counts(first)).containsExactly(4, 3, 0, 1, 2);   // two tools written
            assertThat(counts(again)).containsExactly(4, 0, 3, 1, 0);   // redelivered: nothing written
            // The three votes were cast in one hour: one bucket item beside the two tools, and none when redelivered.
            assertThat(first.get("TrendingBucketWrites").asInt()).isEqualTo(1);
            assertThat(again.get("TrendingBucketWrites").asInt()).isZero();
            assertThat(first.toString() + again).doesNotContain("alice").doesNotContain("VOTER#");
        }
    }

    /** The values of the stream's five counters, in the order they are declared. */
    static List<Integer> counts(JsonNode metrics) {
        return Stream.of("VoteRecords", "VoteRecordsApplied", "VoteRecordsAlreadyApplied",
                "MalformedVoteRecords", "AggregateWrites").map(name -> metrics.get(name).asInt()).toList();
    }

    /** The one embedded-metric-format line among {@code lines}. */
    static JsonNode metrics(List<String> lines) throws Exception {
        List<String> found = lines.stream().filter(line -> line.contains("\"CloudWatchMetrics\"")).toList();
        assertThat(found).hasSize(1);
        return Json.mapper().readTree(found.getFirst());
    }

    /** The metric line the stream handler logged while {@code invocation} ran. */
    static JsonNode metricsOf(Runnable invocation) throws Exception {
        return metrics(StandardOutput.linesPrintedBy(invocation));
    }

    /** Another instance of the stream function, as Lambda runs one beside the first, with its own DynamoDB client. */
    static VoteStreamHandler streamHandlerWith(AggregatesFixture f, ExecutionInterceptor interceptor) {
        return new VoteStreamHandler(ApplicationContext.builder()
                .properties(Settings.asProperties(f.tables.environment("VoteStreamFunction", Map.of())))
                .singletons(interceptor));
    }

    /** Holds an instance just after its first read (the shard's checkpoint), until the test lets it go on. */
    static final class HeldAfterItsCheckpointRead implements ExecutionInterceptor {
        private final CountDownLatch read = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetItemRequest && first.compareAndSet(true, false)) {
                read.countDown();
                try {
                    released.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void awaitCheckpointRead() throws InterruptedException {
            assertThat(read.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("the second instance read the checkpoint").isTrue();
        }

        void release() {
            released.countDown();
        }
    }

    /** Every record now in the votes stream (one shard locally), as the one event Lambda would send. */
    static DynamodbTimeWindowEvent wholeStreamAsOneBatch(AggregatesFixture f) {
        var streams = f.tables.dynamo().streamsClient();
        String arn = dev.verdict.localkit.StreamPoller.streamArn(f.tables.client(), f.tables.table("VotesTable"));
        var shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
        List<software.amazon.awssdk.services.dynamodb.model.Record> records = new ArrayList<>();
        String shardId = shards.getFirst().shardId();
        for (var shard : shards) {
            String iterator = streams.getShardIterator(GetShardIteratorRequest.builder().streamArn(arn)
                    .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON).build()).shardIterator();
            while (iterator != null) {
                var page = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator).build());
                records.addAll(page.records());
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        assertThat(shards).hasSize(1);
        var json = records.stream().map(r -> dev.verdict.localkit.LambdaEvents.streamRecord(r, arn)).toList();
        byte[] event = dev.verdict.localkit.LambdaEvents.windowBatch(json,
                dev.verdict.localkit.LambdaEvents.Window.containing(java.time.Instant.now(), 900), null, shardId, arn, false);
        return (DynamodbTimeWindowEvent) dev.verdict.localkit.LambdaSerialization.read(event, DynamodbTimeWindowEvent.class);
    }
}
