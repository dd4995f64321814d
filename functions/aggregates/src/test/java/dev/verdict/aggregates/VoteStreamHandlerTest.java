package dev.verdict.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
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
    void stepsOverAMalformedRecordAndAppliesTheRest() {
        try (var f = new AggregatesFixture()) {
            f.votes.put("alice", "google-scion", Verdict.SHIP, SLUG, NOW);
            DynamodbTimeWindowEvent batch = wholeStreamAsOneBatch(f);
            DynamodbStreamRecord real = batch.getRecords().getFirst();
            DynamodbStreamRecord broken = new DynamodbStreamRecord();
            broken.setEventID("broken-1");
            broken.setEventName("INSERT");
            broken.setEventSourceARN(real.getEventSourceARN());
            broken.setDynamodb(new StreamRecord().withSequenceNumber(
                    new java.math.BigInteger(real.getDynamodb().getSequenceNumber()).subtract(java.math.BigInteger.ONE).toString()));
            batch.setRecords(List.of(broken, real));

            var response = f.streamHandler.handleRequest(batch, null);

            assertThat(response.getBatchItemFailures()).isEmpty();
            assertThat(f.community("google-scion")).isEqualTo(new Tally(1, 0));
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
