package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.localkit.StandardOutput;
import dev.verdict.mail.MailSender;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sending an issue on the local engine, through the send function as template.yaml configures it: every confirmed
 * reader gets exactly one copy, nobody else any, through duplicate deliveries, crashes and timeouts mid-send,
 * throttling and a redeploy; the count of sent markers equals the count of messages.
 */
class SendIssueTest {

    final NewsletterWorld world = new NewsletterWorld();

    /** Readers who must get nothing: pending, unsubscribed, suppressed. */
    private List<String> ineligibleReaders() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            addresses.add("pending" + i + "@others.example");
            items.add(world.subscriber(addresses.getLast(), "PENDING", Map.of()));
            addresses.add("gone" + i + "@others.example");
            items.add(world.subscriber(addresses.getLast(), "UNSUBSCRIBED", Map.of("unsubscribedAt", "2026-11-01T00:00:00Z")));
            addresses.add("bounced" + i + "@others.example");
            items.add(world.subscriber(addresses.getLast(), "CONFIRMED", Map.of("suppressedAt", "2026-11-02T00:00:00Z")));
        }
        world.write(items);
        return addresses;
    }

    @Test
    @Tag("long")
    void tenThousandReadersEachGetExactlyOneCopyThroughEveryFault() {
        eachReaderGetsExactlyOneCopyThroughEveryFault(10_000, new int[] {997, 1009, 13, 2003},
                new int[] {991, 1013, 17, 1999}, 60);
    }

    /** The same faults, closer together: the run without the long tests (and mutation testing) sees every one. */
    @Test
    void twoHundredReadersEachGetExactlyOneCopyThroughEveryFault() {
        eachReaderGetsExactlyOneCopyThroughEveryFault(200, new int[] {31, 37, 11, 43}, new int[] {29, 41, 7, 47}, 4);
    }

    /**
     * Every batch delivered twice, a mailer failing by {@link FaultyMailer}'s four periods, and a redeploy after
     * {@code redeployAfter} invocations to a new instance with its own state and a mailer failing by other periods.
     */
    private void eachReaderGetsExactlyOneCopyThroughEveryFault(int count, int[] faultsBefore, int[] faultsAfter,
                                                              long redeployAfter) {
        List<String> readers = world.confirmedReaders(count);
        List<String> others = ineligibleReaders();
        // Written by hand: confirmed, but not an address anyone can send to.
        world.write(List.of(world.subscriber("broken address@readers.example", "CONFIRMED", Map.of())));

        Map<String, Object> composed = world.composeNow();
        assertThat(composed).containsEntry("issue", NewsletterWorld.ISSUE).containsEntry("planned", count + 1);

        FaultyMailer before = new FaultyMailer(world.outboxSender(), faultsBefore[0], faultsBefore[1], faultsBefore[2],
                faultsBefore[3]);
        FaultyMailer after = new FaultyMailer(world.outboxSender(), faultsAfter[0], faultsAfter[1], faultsAfter[2],
                faultsAfter[3]);
        SendIssueHandler first = world.sendFunction(m -> before);
        AtomicReference<SendIssueHandler> redeployed = new AtomicReference<>();
        world.drain(invocation -> {
            if (invocation < redeployAfter) {
                return first;
            }
            redeployed.compareAndSet(null, world.sendFunction(m -> after));
            return redeployed.get();
        }, true);

        assertThat(before.crashesAfterSend.get() + after.crashesAfterSend.get()).isPositive();
        assertThat(before.crashesBeforeSend.get() + after.crashesBeforeSend.get()).isPositive();
        assertThat(before.throttled.get()).isPositive();
        assertThat(after.throttled.get()).isPositive();
        assertThat(world.sleeps).isNotEmpty();

        List<String> recipients = world.recipients();
        assertThat(recipients).hasSize(count);
        assertThat(new HashSet<>(recipients)).isEqualTo(new HashSet<>(readers));
        assertThat(recipients).doesNotContainAnyElementsOf(others);
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SENT)).isEqualTo(count);
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SKIPPED)).isEqualTo(1);

        // The schedule runs again (a retry, a manual invoke): nobody is planned twice, nothing more is sent.
        assertThat(world.composeNow()).containsEntry("outcome", "already composed").containsEntry("planned", 0);
        world.drain(invocation -> first, false);
        assertThat(world.messages()).hasSize(count);
    }

    @Test
    void aCopyIsTheReadersOwnWithAWorkingUnsubscribeToken() throws Exception {
        world.confirmedReaders(3);
        world.composeNow();
        world.drain(invocation -> world.sendFunction(m -> m), false);

        assertThat(world.messages()).hasSize(3);
        MimeMessage copy;
        try (InputStream in = Files.newInputStream(world.messages().getFirst())) {
            copy = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(copy.getSubject()).startsWith("Weekly AI Tool Verdicts");
        assertThat(copy.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        String link = copy.getHeader("List-Unsubscribe")[0];
        String token = link.replaceAll("^<.*[?&]token=([A-Za-z0-9_-]{43})>$", "$1");
        assertThat(token).hasSize(43);
        String reader = copy.getHeader("To")[0].replaceAll("[<>]", "");
        var stored = world.tables.client().getItem(b -> b.tableName(world.tables.table("SubscribersTable"))
                .key(Map.of("pk", AttributeValue.fromS("TOKEN#" + Readers.sha256(token))))).item();
        assertThat(stored.get("purpose").s()).isEqualTo("UNSUBSCRIBE");
        assertThat(stored.get("subscriber").s()).isEqualTo(reader);
        // The issue, a digest of the reader's key, and the sender's domain: stable per copy, and no address in it.
        String senderDomain = copy.getFrom()[0].toString().replaceAll("^.*@([^>]+)>?$", "$1");
        assertThat(copy.getMessageID()).matches("<2026-W48\\.[0-9a-f]{32}@" + java.util.regex.Pattern.quote(senderDomain) + ">")
                .doesNotContain(reader);
        // Each copy its own token: one reader's link cannot unsubscribe another.
        assertThat(world.messages().stream().map(message -> {
            try (InputStream in = Files.newInputStream(message)) {
                return new MimeMessage(Session.getInstance(new Properties()), in).getHeader("List-Unsubscribe")[0];
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).doesNotHaveDuplicates().hasSize(3);
    }

    @Test
    void theSendFunctionAsTheLocalStackBuildsItWritesEachCopyToTheOutboxUnpaced() {
        List<String> readers = world.confirmedReaders(3);
        world.composeNow();

        world.drain(invocation -> world.localSendFunction(), false);

        assertThat(world.recipients()).containsExactlyInAnyOrderElementsOf(readers);
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SENT)).isEqualTo(3);
    }

    @Test
    void aBatchDeliveredAgainCostsOneReadAndSendsNothingMore() {
        world.confirmedReaders(60);
        world.composeNow();
        var first = new NewsletterWorld.RequestLog();
        var again = new NewsletterWorld.RequestLog();

        world.drain(invocation -> world.sendFunction(m -> m, invocation == 0 ? first : again), true);

        assertThat(world.messages()).hasSize(60);
        // The first delivery: which are final and the readers, a request each; their 60 tokens stored 25 to a write;
        // the issue and whether it is halted read once for the batch, not per reader.
        assertThat(first.operations).filteredOn("BatchGetItem"::equals).hasSize(2);
        assertThat(first.operations).filteredOn("BatchWriteItem"::equals).hasSize(3);
        assertThat(first.operations).filteredOn("GetItem"::equals).hasSize(2);
        assertThat(first.operations).doesNotContain("Query");
        // The same batch again: one read finds every delivery final, and nothing is claimed, read or sent again.
        assertThat(again.operations).containsExactly("BatchGetItem");
    }

    @Test
    void eachBatchReportsWhatItSentSkippedAndHaltedAsMetrics() {
        List<String> readers = world.confirmedReaders(4);
        world.composeNow();
        world.write(List.of(world.subscriber(readers.get(2), "UNSUBSCRIBED", Map.of("unsubscribedAt", "2026-11-30T08:00:01Z"))));
        // Every batch twice: the second delivery counts as nothing sent, skipped or failed.
        List<JsonNode> metrics = sendMetrics(() -> world.drain(invocation -> world.sendFunction(m -> m), true));

        assertThat(metrics).hasSize(2);
        assertThat(total(metrics, "NewsletterSent")).isEqualTo(3);
        assertThat(total(metrics, "NewsletterSkipped")).isEqualTo(1);
        assertThat(total(metrics, "NewsletterHalted")).isZero();
        assertThat(total(metrics, "NewsletterFailed")).isZero();
        assertThat(world.messages()).hasSize(3);
    }

    @Test
    void aReaderStoredWithoutAnAddressOrWithOneThatCannotBeSentToAndACopyRefusedForGoodAreSkippedAndCounted() {
        List<String> readers = world.confirmedReaders(6);
        Map<String, AttributeValue> withoutAddress = world.subscriber(readers.get(1), "CONFIRMED", Map.of());
        withoutAddress.remove("deliverTo");
        world.write(List.of(withoutAddress,
                world.subscriber(readers.get(3), "CONFIRMED", Map.of("deliverTo", "broken address@readers.example"))));
        world.composeNow();
        SendIssueHandler picky = world.sendFunction(outbox -> message -> {
            if (message.to().equals(readers.get(5))) {
                throw new MailSender.Rejected("MessageRejectedException");
            }
            outbox.send(message);
        });

        List<JsonNode> metrics = sendMetrics(() -> world.drain(invocation -> picky, false));

        assertThat(world.recipients()).containsExactlyInAnyOrder(readers.get(0), readers.get(2), readers.get(4));
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SKIPPED)).isEqualTo(3);
        assertThat(total(metrics, "NewsletterSent")).isEqualTo(3);
        assertThat(total(metrics, "NewsletterSkipped")).isEqualTo(3);
        assertThat(total(metrics, "NewsletterFailed")).isZero();
    }

    @Test
    void aCopyThatFailsToSendHandsTheBatchBackFromItAndCountsOneFailure() {
        List<String> readers = world.confirmedReaders(5);
        world.composeNow();
        AtomicInteger failures = new AtomicInteger();
        SendIssueHandler flaky = world.sendFunction(outbox -> message -> {
            if (message.to().equals(readers.get(2)) && failures.getAndIncrement() == 0) {
                throw new IllegalStateException("the connection was reset");
            }
            outbox.send(message);
        });

        List<JsonNode> metrics = sendMetrics(() -> world.drain(invocation -> flaky, false));

        assertThat(world.recipients()).containsExactlyInAnyOrderElementsOf(readers);
        assertThat(world.invocations.get()).isEqualTo(2);
        assertThat(total(metrics, "NewsletterFailed")).isEqualTo(1);
        assertThat(total(metrics, "NewsletterSent")).isEqualTo(5);
    }

    @Test
    void aDeliveryNamingAnIssueThatIsNotStoredIsSkippedAndLeftPlanned() {
        String missing = "2026-W40";
        for (String reader : world.confirmedReaders(2)) {
            assertThat(world.deliveries.plan(missing, reader, world.clock.instant())).isTrue();
        }

        List<JsonNode> metrics = sendMetrics(() -> world.drain(invocation -> world.sendFunction(m -> m), false));

        assertThat(world.messages()).isEmpty();
        assertThat(world.deliveries.count(missing, Deliveries.State.PENDING)).isEqualTo(2);
        assertThat(total(metrics, "NewsletterSkipped")).isEqualTo(2);
        assertThat(total(metrics, "NewsletterFailed")).isZero();
    }

    @Test
    void copiesGoOutNoFasterThanTheAccountsRate() {
        world.confirmedReaders(5);
        world.composeNow();
        // Time moves only when the pacer waits, so every wait it asks for is its own.
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        List<Long> waits = new ArrayList<>();
        Pacer tenASecond = new Pacer(10, millis -> {
            waits.add(millis);
            nanos.addAndGet(millis * 1_000_000);
        }, nanos::get);

        world.drain(invocation -> world.sendFunction(m -> m, new NewsletterWorld.RequestLog(), tenASecond), false);

        assertThat(world.messages()).hasSize(5);
        assertThat(waits).containsExactly(100L, 100L, 100L, 100L);
    }

    /** The send function's metrics lines printed while {@code run} runs (EMF: one JSON line on standard output each). */
    private static List<JsonNode> sendMetrics(Runnable run) {
        return StandardOutput.linesPrintedBy(run).stream().filter(line -> line.startsWith("{\"_aws\""))
                .map(dev.verdict.core.json.Json::readBody).filter(line -> line.path("Source").asText().equals("NewsletterSend")).toList();
    }

    private static int total(List<JsonNode> metrics, String name) {
        return metrics.stream().mapToInt(m -> m.get(name).asInt()).sum();
    }

    @Test
    void aCopyThrottledFourTimesGoesOutOnItsFifthTryAndOneThrottledFiveTimesWaitsForTheBatchToBeRetried() {
        world.confirmedReaders(2);
        world.composeNow();
        // The first copy asked for is throttled on its first four tries, the second on its first five.
        Map<String, Integer> throttlesOf = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> tries = new java.util.concurrent.ConcurrentHashMap<>();
        SendIssueHandler slowedDown = world.sendFunction(outbox -> message -> {
            int throttles = throttlesOf.computeIfAbsent(message.messageId(),
                    id -> throttlesOf.isEmpty() ? IssueDelivery.THROTTLE_ATTEMPTS - 1 : IssueDelivery.THROTTLE_ATTEMPTS);
            if (tries.merge(message.messageId(), 1, Integer::sum) <= throttles) {
                throw new MailSender.Throttled();
            }
            outbox.send(message);
        });

        world.drain(invocation -> slowedDown, false);

        // The first copy: four throttles, backed off 200, 400, 800 and 1,600 ms, then sent; the second: five throttles,
        // the batch handed back from it, and sent on the retry.
        assertThat(world.messages()).hasSize(2);
        assertThat(world.invocations.get()).isEqualTo(2);
        assertThat(world.sleeps).containsExactly(200L, 400L, 800L, 1_600L, 200L, 400L, 800L, 1_600L);
    }

    @Test
    void anEventWithoutRecordsOrWithRecordsThatAreNoPlannedDeliveryFailsNothing() {
        // As Lambda hands them over: JSON, read by the runtime's own deserialization.
        LambdaHost function = LambdaHost.around(world.sendFunction(m -> m), "NewsletterSendFunction", Duration.ofSeconds(30));

        for (String event : List.of("{}", "{\"Records\":null}", "{\"Records\":[]}",
                "{\"Records\":[{\"eventName\":\"INSERT\"},{\"eventName\":\"MODIFY\",\"dynamodb\":{}}]}",
                "{\"Records\":[{\"eventName\":\"INSERT\",\"dynamodb\":{\"SequenceNumber\":\"1\"}}]}",
                "{\"Records\":[{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":\"reader\"}},\"SequenceNumber\":\"2\"}}]}")) {
            LambdaResult result = function.invoke(event.getBytes(StandardCharsets.UTF_8));
            assertThat(result.ok()).as(event + ": " + result.describe()).isTrue();
            assertThat(LambdaEvents.tree(result.payload()).get("batchItemFailures")).as(event).isEmpty();
        }
        assertThat(world.messages()).isEmpty();
    }

    @Test
    void aReaderWhoUnsubscribedAfterPlanningGetsNothing() {
        List<String> readers = world.confirmedReaders(4);
        world.composeNow();
        world.write(List.of(world.subscriber(readers.get(2), "UNSUBSCRIBED", Map.of("unsubscribedAt", "2026-11-30T08:00:01Z"))));

        world.drain(invocation -> world.sendFunction(m -> m), false);

        assertThat(world.recipients()).containsExactlyInAnyOrder(readers.get(0), readers.get(1), readers.get(3));
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SKIPPED)).isEqualTo(1);
    }

    @Test
    void anAccountRefusalHaltsTheIssueAtOnceLeavesTheRestPlannedAndCountsThemHalted() {
        world.confirmedReaders(250);
        world.composeNow();
        AtomicInteger calls = new AtomicInteger();
        SendIssueHandler paused = world.sendFunction(outbox -> message -> {
            if (calls.incrementAndGet() > 10) {
                throw new MailSender.Rejected("SendingPausedException");
            }
            outbox.send(message);
        });

        List<JsonNode> metrics = sendMetrics(() -> world.drain(invocation -> paused, false));

        assertThat(world.messages()).hasSize(10);
        // Each copy left planned is counted as halted: the refused one and every later one.
        assertThat(total(metrics, "NewsletterSent")).isEqualTo(10);
        assertThat(total(metrics, "NewsletterHalted")).isEqualTo(240);
        // One refused call, then no more: the halt is seen by every later record, not retried for hours.
        assertThat(calls.get()).isEqualTo(11);
        assertThat(new IssuesTable(world.tables.client(), world.tables.table("NewsletterTable")).halted(NewsletterWorld.ISSUE)).isTrue();
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SENT)).isEqualTo(10);
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.PENDING)).isEqualTo(240);
    }

    @Test
    void aMessageRefusedForGoodSkipsOnlyItsReader() {
        List<String> readers = world.confirmedReaders(20);
        world.composeNow();
        SendIssueHandler picky = world.sendFunction(outbox -> message -> {
            if (message.to().equals(readers.get(7))) {
                throw new MailSender.Rejected("MessageRejectedException");
            }
            outbox.send(message);
        });

        world.drain(invocation -> picky, false);

        assertThat(world.recipients()).hasSize(19).doesNotContain(readers.get(7));
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SKIPPED)).isEqualTo(1);
    }
}
