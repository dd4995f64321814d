package dev.verdict.newsletter;

import dev.verdict.localkit.StreamFeed;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.verdict.core.config.Settings;
import dev.verdict.core.domain.Comparison;
import dev.verdict.core.store.ContentItems;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.TestClock;
import dev.verdict.localkit.TestTables;
import dev.verdict.mail.MailSender;
import dev.verdict.mail.OutboxMailSender;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The newsletter as the local stack runs it: the compose and send functions built from template.yaml's environment,
 * the template's tables in the local engine, the send function fed from the newsletter table's real stream the way
 * Lambda's event source mapping does it (batches of 100, a reported failure retried from its record, a crashed
 * invocation's batch retried whole), messages in an outbox directory, one hand-moved clock.
 */
final class NewsletterWorld {

    static final String ISSUE = "2026-W48";

    /** An invocation that died (a crash, a timeout): nothing after it in the function ran. */
    static final class Crash extends Error {
        Crash() {
            super("the invocation died", null, false, false);
        }
    }

    final TestTables tables = TestTables.create();
    final TestClock clock = new TestClock(Instant.parse("2026-11-30T08:00:00Z"));
    final Path dataDir;
    final Path outbox;
    final StreamFeed feed;
    final Deliveries deliveries;
    final List<Long> sleeps = new ArrayList<>();
    final AtomicLong invocations = new AtomicLong();
    final ComposeIssueHandler compose;

    NewsletterWorld() {
        try {
            dataDir = Files.createTempDirectory("newsletter-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        outbox = dataDir.resolve("outbox");
        compose = new ComposeIssueHandler(context("NewsletterComposeFunction").singletons(clock));
        feed = new StreamFeed(tables.dynamo(), tables.client(), tables.table("NewsletterTable"));
        deliveries = new Deliveries(tables.client(), tables.table("NewsletterTable"));
        putComparison();
    }

    private io.micronaut.context.ApplicationContextBuilder context(String function) {
        var env = tables.environment(function, Map.of("MAIL_SENDER", "outbox", "DATA_DIR", dataDir.toString()));
        return ApplicationContext.builder().properties(Settings.asProperties(env));
    }

    /** The outbox every send function of this world writes to, as the local stack builds it. */
    MailSender outboxSender() {
        return OutboxMailSender.keyedByMessageId(outbox, clock);
    }

    /** A send function (a fresh deployment each call) whose mail goes through {@code wrap} around the outbox. */
    SendIssueHandler sendFunction(Function<MailSender, MailSender> wrap) {
        return sendFunction(wrap, new RequestLog());
    }

    /** The same, its DynamoDB requests written down in {@code requests}. */
    SendIssueHandler sendFunction(Function<MailSender, MailSender> wrap, RequestLog requests) {
        return sendFunction(wrap, requests, new Pacer(0, sleeps::add, System::nanoTime));
    }

    /** The same, paced by {@code pacer}. */
    SendIssueHandler sendFunction(Function<MailSender, MailSender> wrap, RequestLog requests, Pacer pacer) {
        return new SendIssueHandler(context("NewsletterSendFunction")
                .singletons(clock, pacer, new IssueMail(wrap.apply(outboxSender())), requests));
    }

    /** The name of each request a client made, in order. */
    static final class RequestLog implements ExecutionInterceptor {
        final List<String> operations = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        }
    }

    /** A send function as the local stack builds it: its own mail (the outbox under DATA_DIR) and its own pacing. */
    SendIssueHandler localSendFunction() {
        return new SendIssueHandler(context("NewsletterSendFunction").singletons(clock));
    }

    /** The feedback function as Lambda hosts it: events arrive as JSON and go through the runtime's deserialization. */
    LambdaHost feedbackFunction() {
        return feedbackFunction(new RequestLog());
    }

    /** The same, each of its DynamoDB requests seen first by {@code interceptor}. */
    LambdaHost feedbackFunction(ExecutionInterceptor interceptor) {
        return LambdaHost.around(new MailFeedbackHandler(context("MailFeedbackFunction").singletons(clock, interceptor)),
                "MailFeedbackFunction", Duration.ofSeconds(10));
    }

    /** A subscriber item as it is stored now (empty when there is none). */
    Map<String, AttributeValue> subscriberItem(String address) {
        return tables.client().getItem(b -> b.tableName(tables.table("SubscribersTable")).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("ADDRESS#" + address.toLowerCase())))).item();
    }

    Map<String, Object> composeNow() {
        return compose.execute(new ScheduledEvent());
    }

    /** Confirmed readers reader0…reader(n-1)@readers.example, written as the signups module writes them. */
    List<String> confirmedReaders(int n) {
        List<String> addresses = new ArrayList<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String address = "reader" + i + "@readers.example";
            addresses.add(address);
            items.add(subscriber(address, "CONFIRMED", Map.of()));
        }
        write(items);
        return addresses;
    }

    Map<String, AttributeValue> subscriber(String address, String status, Map<String, String> extra) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS("ADDRESS#" + address.toLowerCase()));
        item.put("address", AttributeValue.fromS(address));
        item.put("deliverTo", AttributeValue.fromS(address));
        item.put("status", AttributeValue.fromS(status));
        item.put("cycle", AttributeValue.fromS("cycle-" + address.hashCode()));
        item.put("version", AttributeValue.fromN("3"));
        extra.forEach((k, v) -> item.put(k, AttributeValue.fromS(v)));
        return item;
    }

    void write(List<Map<String, AttributeValue>> items) {
        String table = tables.table("SubscribersTable");
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()).toList();
            var left = tables.client().batchWriteItem(b -> b.requestItems(Map.of(table, batch))).unprocessedItems();
            while (left != null && !left.isEmpty()) {
                var retry = left;
                left = tables.client().batchWriteItem(b -> b.requestItems(retry)).unprocessedItems();
            }
        }
    }

    /**
     * Runs the send function over the stream until every record is done, as Lambda would: batches of 100 in order; a
     * reported failure retries the batch from that record; a died invocation retries the whole batch once the
     * invocation's time is over. {@code functionFor} gives the function for each invocation (a redeploy swaps it).
     */
    void drain(Function<Long, SendIssueHandler> functionFor, boolean deliverEveryBatchTwice) {
        while (true) {
            List<DynamodbEvent.DynamodbStreamRecord> records = feed.next().getRecords().stream()
                    .filter(r -> "INSERT".equals(r.getEventName())).toList();
            if (records.isEmpty()) {
                return;
            }
            for (int from = 0; from < records.size(); from += 100) {
                List<DynamodbEvent.DynamodbStreamRecord> batch = records.subList(from, Math.min(records.size(), from + 100));
                int passes = deliverEveryBatchTwice ? 2 : 1;
                for (int pass = 0; pass < passes; pass++) {
                    deliver(batch, functionFor);
                }
            }
        }
    }

    private void deliver(List<DynamodbEvent.DynamodbStreamRecord> batch, Function<Long, SendIssueHandler> functionFor) {
        List<DynamodbEvent.DynamodbStreamRecord> pending = batch;
        for (int tries = 0; !pending.isEmpty(); tries++) {
            if (tries > 50) {
                throw new AssertionError("a batch was retried 50 times");
            }
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(new ArrayList<>(pending));
            StreamsEventResponse response;
            try {
                response = functionFor.apply(invocations.getAndIncrement()).execute(event);
            } catch (Crash died) {
                // Lambda retries the batch after the invocation's time is over (our lease is the invocation's deadline).
                clock.advance(SendIssueHandler.DEFAULT_LEASE.plus(Duration.ofSeconds(1)));
                continue;
            }
            if (response.getBatchItemFailures().isEmpty()) {
                return;
            }
            String failed = response.getBatchItemFailures().getFirst().getItemIdentifier();
            int at = 0;
            while (!pending.get(at).getDynamodb().getSequenceNumber().equals(failed)) {
                at++;
            }
            pending = pending.subList(at, pending.size());
            clock.advance(Duration.ofSeconds(1));
        }
    }

    List<Path> messages() {
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recipient of each message in the outbox, read from its To header. */
    List<String> recipients() {
        return messages().stream().map(file -> {
            try (Stream<String> lines = Files.lines(file)) {
                return lines.filter(l -> l.startsWith("To: <")).findFirst().orElseThrow()
                        .replaceAll("^To: <|>$", "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private void putComparison() {
        var comparison = new Comparison("fresh-one", "Fresh One title", "Which one should you ship with?", "coding",
                Instant.parse("2026-11-25T10:00:00Z"), List.of("alpha", "beta"), List.of());
        tables.client().putItem(r -> r.tableName(tables.table("ContentTable"))
                .item(ContentItems.comparisonItem(comparison, Map.of("alpha", "Alpha", "beta", "Beta"))));
    }
}
