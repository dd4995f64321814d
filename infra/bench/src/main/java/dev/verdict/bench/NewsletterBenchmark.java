package dev.verdict.bench;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.store.ContentItems;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.localkit.StreamPoller;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One weekly issue sent to {@code readers} confirmed readers as the local stack sends it: the compose function (a
 * Scheduled Event) plans one delivery per reader, the newsletter table's stream carries them through the local stack's
 * poller with template.yaml's mapping into the send function, and the messages land in the outbox. Writes are counted
 * per function by an SDK interceptor, as the stream benchmarks count theirs.
 */
final class NewsletterBenchmark {

    private final BenchStack stack;
    private final PrintStream log;

    NewsletterBenchmark(BenchStack stack, PrintStream log) {
        this.stack = stack;
        this.log = log;
    }

    /**
     * @param seconds       from the compose invocation to the last message in the outbox
     * @param composeWrites DynamoDB items the compose function wrote (the issue, one planned delivery per reader)
     * @param sendWrites    DynamoDB items the send function wrote (its claims and sent markers)
     */
    record Result(long messages, double seconds, double composeSeconds, long composeWrites, long sendWrites,
                  long sendInvocations, String sendOperations) {
    }

    Result send(FunctionSpec compose, FunctionSpec send, String prefix, int readers) throws Exception {
        stack.createTables(prefix);
        Path dataDir = Files.createTempDirectory("bench-newsletter");
        Path outbox = dataDir.resolve("outbox");
        try {
            putComparisonOfLastWeek(prefix);
            writeReaders(prefix + "SubscribersTable", readers);
            WriteCounter composeCounter = new WriteCounter();
            WriteCounter sendCounter = new WriteCounter();
            LambdaHost composeHost = LambdaHost.of(compose, outboxEnvironment(compose, prefix, dataDir),
                    Duration.ofMillis(BenchStack.timeoutMillis(stack.template(), compose)), composeCounter);
            LambdaHost sendHost = LambdaHost.of(send, outboxEnvironment(send, prefix, dataDir),
                    Duration.ofMillis(BenchStack.timeoutMillis(stack.template(), send)), sendCounter);
            FunctionSpec.StreamMapping mapping = send.streams().getFirst();
            String arn = StreamPoller.streamArn(stack.client(), prefix + mapping.tableLogicalId());
            AtomicLong invocations = new AtomicLong();
            byte[] scheduled = SampleEvents.forFunction(compose, 0, stack.signer()).orElseThrow();
            long started = System.nanoTime();
            double composeSeconds;
            try (StreamPoller poller = new StreamPoller(stack.dynamo().streamsClient(), arn, mapping, event -> {
                invocations.incrementAndGet();
                return sendHost.invoke(event);
            }).start()) {
                LambdaResult composed = composeHost.invoke(scheduled);
                composeSeconds = (System.nanoTime() - started) / 1e9;
                if (!composed.ok()) {
                    throw new IllegalStateException("the compose function failed: " + composed.describe());
                }
                log.println("newsletter composed in " + Stats.round(composeSeconds, 1) + " s: "
                        + new String(composed.payload(), java.nio.charset.StandardCharsets.UTF_8));
                long deadline = System.currentTimeMillis() + 900_000;
                while (messages(outbox) < readers) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the outbox did not reach " + readers + " messages in 15 minutes");
                    }
                    Thread.sleep(100);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Result(messages(outbox), seconds, composeSeconds, composeCounter.items(), sendCounter.items(),
                    invocations.get(), sendCounter.describe());
        } finally {
            deleteTree(dataDir);
        }
    }

    /** The function's environment on this stack, with SES's local stand-in: the outbox under a data dir of its own. */
    private Map<String, String> outboxEnvironment(FunctionSpec function, String prefix, Path dataDir) {
        Map<String, String> env = new LinkedHashMap<>(stack.environment(function, prefix));
        env.put("MAIL_SENDER", "outbox");
        env.put("DATA_DIR", dataDir.toString());
        return env;
    }

    /** A comparison published in the ISO week just ended, so the issue has something to say. */
    private void putComparisonOfLastWeek(String prefix) {
        LocalDate monday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant published = monday.minusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC);
        var comparison = new Comparison("bench-fresh-one", "Bench Fresh One", "Which one should you ship with?", "coding",
                published, List.of("bench-alpha", "bench-beta"), List.of());
        stack.client().putItem(r -> r.tableName(prefix + "ContentTable").item(ContentItems.comparisonItem(comparison,
                Map.of("bench-alpha", "Bench Alpha", "bench-beta", "Bench Beta"))));
    }

    /** Confirmed readers as the signups function leaves them, written 25 to a BatchWriteItem. */
    private void writeReaders(String table, int readers) {
        List<WriteRequest> all = new ArrayList<>(readers);
        for (int i = 0; i < readers; i++) {
            String address = "reader" + i + "@readers.example";
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("ADDRESS#" + address));
            item.put("address", AttributeValue.fromS(address));
            item.put("deliverTo", AttributeValue.fromS(address));
            item.put("status", AttributeValue.fromS("CONFIRMED"));
            item.put("cycle", AttributeValue.fromS("cycle-" + i));
            item.put("version", AttributeValue.fromN("3"));
            all.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        for (int from = 0; from < all.size(); from += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(table, all.subList(from, Math.min(from + 25, all.size())));
            while (!pending.isEmpty()) {
                var request = pending;
                var response = stack.client().batchWriteItem(b -> b.requestItems(request));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
        log.println("wrote " + readers + " confirmed readers to " + table);
    }

    private static long messages(Path outbox) {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing the run for
        }
    }
}
