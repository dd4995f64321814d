package dev.verdict.signups;

import dev.verdict.mail.OutboxMailSender;
import dev.verdict.mail.MailSender;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The confirmation mailer, fed the subscribers table's real stream, writing to the local outbox. */
class ConfirmationMailerHandlerTest {

    static SignupWorld world;

    @BeforeAll
    static void start() {
        world = new SignupWorld();
    }

    static String unique(String name) {
        return name + "." + System.nanoTime() + "@example.com";
    }

    @Test
    void sendsARealMimeMessageWithBothPartsAndOneClickUnsubscribe() throws Exception {
        String email = unique("Mime.Reader");
        world.subscribe(email);
        var response = world.deliver();

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<MimeMessage> messages = world.messagesTo(email);
        assertThat(messages).hasSize(1);
        MimeMessage message = messages.getFirst();

        assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("verdicts@verdicts.example");
        assertThat(((InternetAddress) message.getFrom()[0]).getPersonal()).isEqualTo("Weekly AI Tool Verdicts");
        assertThat(((InternetAddress) message.getAllRecipients()[0]).getAddress()).isEqualTo(email);
        assertThat(message.getSubject()).isEqualTo("Confirm your subscription to Weekly AI Tool Verdicts");
        assertThat(message.getSentDate().toInstant()).isEqualTo(world.clock.instant());
        assertThat(message.getMessageID()).matches("<[0-9a-f-]{36}@verdicts\\.example>");
        assertThat(message.getHeader("MIME-Version", null)).isEqualTo("1.0");
        assertThat(message.getHeader("List-Unsubscribe", null))
                .matches("<http://localhost:3000/subscriptions/unsubscribe\\?token=[A-Za-z0-9_-]{43}>");
        assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(message.isMimeType("multipart/alternative")).isTrue();

        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.isMimeType("text/plain")).isTrue();
        assertThat(html.isMimeType("text/html")).isTrue();
        String confirm = SignupWorld.token(message, SignupWorld.CONFIRM_LINK);
        String unsubscribe = SignupWorld.token(message, SignupWorld.UNSUBSCRIBE_LINK);
        assertThat((String) text.getContent())
                .contains("http://localhost:3000/subscriptions/confirm?token=" + confirm)
                .contains("http://localhost:3000/subscriptions/unsubscribe?token=" + unsubscribe);
        assertThat((String) html.getContent())
                .contains("<a href=\"http://localhost:3000/subscriptions/confirm?token=" + confirm + "\"")
                .contains("<a href=\"http://localhost:3000/subscriptions/unsubscribe?token=" + unsubscribe + "\"");
        assertThat(message.getHeader("List-Unsubscribe", null)).contains(unsubscribe);

        // RFC 5322: CRLF line ends throughout, every line within 998 octets, nothing but ASCII.
        String messageId = message.getMessageID();
        byte[] raw = Files.readAllBytes(world.outbox().stream()
                .filter(f -> messageIdOf(f).equals(messageId)).findFirst().orElseThrow());
        String wire = new String(raw, StandardCharsets.US_ASCII);
        assertThat(wire.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(wire.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        for (byte b : raw) {
            assertThat(b).isGreaterThanOrEqualTo((byte) 0);
        }

        // The links work: the message's confirm link confirms.
        assertThat(world.confirm(confirm).getStatusCode()).isEqualTo(200);
    }

    @Test
    void addressesTheMessageToTheAsciiFormOfAnInternationalisedDomain() {
        String email = "leser." + System.nanoTime() + "@Bücher.example";
        world.subscribe(email);
        world.deliver();

        String ascii = EmailAddress.parse(email).deliverTo();
        assertThat(ascii).endsWith("@xn--bcher-kva.example");
        assertThat(world.messagesTo(ascii)).hasSize(1);
    }

    @Test
    void aFailedSendIsReportedRetriedAndTheSubscriberStaysIntact() {
        String email = unique("retry");
        FlakyMailSender flaky = new FlakyMailSender(
                new OutboxMailSender(world.dataDir.resolve("outbox"), world.clock), 1);
        ConfirmationMailerHandler mailer = world.mailer(flaky);
        world.subscribe(email);
        var before = world.subscriberItem(email);
        DynamodbEvent batch = world.feed.next();

        var failed = mailer.handleRequest(batch, null);

        assertThat(failed.getBatchItemFailures()).hasSize(1);
        String reported = failed.getBatchItemFailures().getFirst().getItemIdentifier();
        assertThat(batch.getRecords()).anySatisfy(r -> assertThat(r.getDynamodb().getSequenceNumber()).isEqualTo(reported));
        assertThat(world.messagesTo(email)).isEmpty();
        // The claim made before the send was released when the send failed: only the item's version moved.
        assertThat(withoutVersion(world.subscriberItem(email))).isEqualTo(withoutVersion(before));

        // Lambda delivers the batch again from the reported record on.
        var retried = mailer.handleRequest(tail(batch, reported), null);

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(flaky.attempts).hasValue(2);
        assertThat(world.messagesTo(email)).hasSize(1);
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("PENDING");
        String token = SignupWorld.token(world.messagesTo(email).getFirst(), SignupWorld.CONFIRM_LINK);
        assertThat(world.confirm(token).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aMessageRefusedForGoodIsNotRetriedAndHoldsUpNoOtherMessage() {
        String refused = unique("refused");
        String next = unique("next");
        MailSender outbox = new OutboxMailSender(world.dataDir.resolve("outbox"), world.clock);
        ConfirmationMailerHandler mailer = world.mailer(new MailSender() {
            @Override
            public void send(Message message) {
                if (message.to().equals(refused)) {
                    throw new Rejected("refused for good (injected)");
                }
                outbox.send(message);
            }
        });
        world.subscribe(refused);
        world.subscribe(next);

        var response = world.deliver(mailer);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(world.messagesTo(refused)).isEmpty();
        assertThat(world.messagesTo(next)).hasSize(1);
        assertThat(world.subscriberItem(refused).get("status").s()).isEqualTo("PENDING");
    }

    @Test
    void aBatchDeliveredTwiceAfterSuccessSendsNoSecondMessage() {
        String email = unique("redelivered");
        world.subscribe(email);
        DynamodbEvent batch = world.feed.next();

        world.mailer.handleRequest(batch, null);
        world.mailer.handleRequest(batch, null);

        assertThat(world.messagesTo(email)).hasSize(1);
    }

    @Test
    void sendsNothingForChangesThatAreNotNewRequests() {
        String email = unique("quiet");
        String[] tokens = world.subscribeAndReceive(email);
        world.subscribe(email);             // within ten minutes: no new message
        world.confirm(tokens[0]);
        world.clock.advance(Duration.ofMinutes(11));
        world.subscribe(email);             // confirmed: no message either
        world.deliver();

        assertThat(world.messagesTo(email)).hasSize(1);
    }

    @Test
    void neverLogsOrPrintsAnAddress() {
        String local = "secret.reader." + System.nanoTime();
        String email = local + "@Example.com";
        String deliverTo = EmailAddress.parse(email).deliverTo();
        try (LogCapture logs = new LogCapture()) {
            FlakyMailSender flaky = new FlakyMailSender(
                    new OutboxMailSender(world.dataDir.resolve("outbox"), world.clock), 1);
            ConfirmationMailerHandler mailer = world.mailer(flaky);
            world.subscribe(email);
            world.subscribe(email.replace("@", "@@"));
            world.subscribe(email + "\r\n");
            world.deliver(mailer);                      // fails once
            world.deliver(mailer);                      // nothing new
            world.clock.advance(Duration.ofMinutes(10));
            world.subscribe(email);
            var batch = world.feed.next();
            mailer.handleRequest(batch, null);          // sends
            String token = SignupWorld.token(world.messagesTo(deliverTo).getLast(), SignupWorld.CONFIRM_LINK);
            world.confirm(token);
            world.oneClickUnsubscribe(SignupWorld.token(world.messagesTo(deliverTo).getLast(), SignupWorld.UNSUBSCRIBE_LINK));

            String logged = logs.text();
            assertThat(logs.logLines()).isPositive();
            assertThat(logged).contains("confirmation failed").contains("confirmation sent").contains("unsubscribed");
            assertThat(logged.toLowerCase()).doesNotContain(local.toLowerCase()).doesNotContain("example.com");
        }
    }

    // ---- issue 12: mail limits per mailbox and domain (item 4), the mailer's order and SES's refusals (item 8) ----

    @Test
    void tenSignupsOfOneMailboxUnderDifferentTagsSendOneMessage() {
        String local = "victim" + System.nanoTime();
        for (int n = 1; n <= 10; n++) {
            assertThat(world.subscribe(local + "+" + n + "@Example.org").getStatusCode()).isEqualTo(202);
        }
        assertThat(world.subscribe(local.toUpperCase() + "@example.org").getStatusCode()).isEqualTo(202);

        var response = world.deliver();

        assertThat(response.getBatchItemFailures()).isEmpty();
        long delivered = world.outbox().stream().map(SignupWorld::parse).filter(m -> to(m).startsWith(local)).count();
        assertThat(delivered).isEqualTo(1);

        // The cooling period over, the mailbox can be written to again.
        world.clock.advance(MailLimits.MAILBOX_COOLING.window());
        world.subscribe(local + "+later@example.org");
        world.deliver();
        assertThat(world.outbox().stream().map(SignupWorld::parse).filter(m -> to(m).startsWith(local)).count()).isEqualTo(2);
    }

    @Test
    @Tag("long")
    void limitsTheMessagesToOneDomainPerHour() {
        String domain = "small-company-" + System.nanoTime() + ".example";
        int limit = MailLimits.DOMAIN_HOURLY.limit();
        for (int n = 0; n < limit + 3; n++) {
            world.subscribe("reader" + n + "@" + domain);
            if (n % 20 == 19) {
                world.deliver();
            }
        }
        world.deliver();

        long delivered = world.outbox().stream().map(SignupWorld::parse).filter(m -> to(m).endsWith("@" + domain)).count();
        assertThat(delivered).isEqualTo(limit);
    }

    @Test
    void aFailureAfterASuccessfulSendDoesNotMailTheReaderTwice() {
        String email = unique("sent-then-failed");
        var afterSend = new FailAfterSend();
        MailSender outbox = new OutboxMailSender(world.dataDir.resolve("outbox"), world.clock);
        ConfirmationMailerHandler mailer = world.mailer(afterSend, (MailSender) message -> {
            outbox.send(message);
            afterSend.sent = true;
        });
        world.subscribe(email);
        DynamodbEvent batch = world.feed.next();

        var first = mailer.handleRequest(batch, null);
        var retried = first.getBatchItemFailures().isEmpty() ? first
                : mailer.handleRequest(tail(batch, first.getBatchItemFailures().getFirst().getItemIdentifier()), null);

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(world.messagesTo(email)).hasSize(1);
    }

    @Test
    void aMessageRefusedForGoodGoesToTheFailureQueueAndIsNotRetried() throws Exception {
        String refused = unique("paused");
        String next = unique("after-paused");
        MailSender outbox = new OutboxMailSender(world.dataDir.resolve("outbox"), world.clock);
        var attempts = new java.util.concurrent.atomic.AtomicInteger();
        ConfirmationMailerHandler mailer = world.mailer((MailSender) message -> {
            if (message.to().equals(refused)) {
                attempts.incrementAndGet();
                throw new MailSender.Rejected("SendingPausedException");
            }
            outbox.send(message);
        });
        int failuresBefore = world.mailFailures().size();
        world.subscribe(refused);
        world.subscribe(next);
        DynamodbEvent batch = world.feed.next();

        var response = mailer.handleRequest(batch, null);
        var redelivered = mailer.handleRequest(batch, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        assertThat(attempts).hasValue(1);
        assertThat(world.messagesTo(next)).hasSize(1);
        var failures = world.mailFailures();
        assertThat(failures).hasSize(failuresBefore + 1);
        String request = world.subscriberItem(refused).get("mailRequest").s();
        String recorded = Files.readString(failures.stream().filter(f -> f.toString().contains(request)).findFirst().orElseThrow());
        assertThat(recorded).contains("\"reason\":\"SendingPausedException\"").contains(request)
                .doesNotContain(refused).doesNotContain("example.com");
        assertThat(world.subscriberItem(refused).get("status").s()).isEqualTo("PENDING");
    }

    @Test
    void aSendThatFailsForAWhileGivesBackItsPlaceUnderTheLimits() {
        // A send that fails for a while gives back its place under the limits, so the retry is not withheld.
        String email = unique("given-back");
        FlakyMailSender flaky = new FlakyMailSender(new OutboxMailSender(world.dataDir.resolve("outbox"), world.clock), 2);
        ConfirmationMailerHandler mailer = world.mailer(flaky);
        world.subscribe(email);
        DynamodbEvent batch = world.feed.next();

        assertThat(mailer.handleRequest(batch, null).getBatchItemFailures()).hasSize(1);
        assertThat(mailer.handleRequest(batch, null).getBatchItemFailures()).hasSize(1);
        assertThat(mailer.handleRequest(batch, null).getBatchItemFailures()).isEmpty();

        assertThat(flaky.attempts).hasValue(3);
        assertThat(world.messagesTo(email)).hasSize(1);
    }

    @Test
    void reportsEachBatchsSentWithheldRefusedAndFailedMessagesAsMetrics() {
        String mailbox = "counted" + System.nanoTime();
        String sent = mailbox + "@example.net";
        String withheld = mailbox + "+again@example.net";       // the same mailbox, within its cooling period
        String refused = unique("counted-refused");
        String failing = unique("counted-failing");
        MailSender outbox = new OutboxMailSender(world.dataDir.resolve("outbox"), world.clock);
        ConfirmationMailerHandler mailer = world.mailer((MailSender) message -> {
            if (message.to().equals(refused)) {
                throw new MailSender.Rejected("MessageRejectedException");
            }
            if (message.to().equals(failing)) {
                throw new IllegalStateException("mail service unavailable (injected)");
            }
            outbox.send(message);
        });
        world.deliver();                    // earlier tests' records, so the batches below hold only these readers
        world.subscribe(sent);
        world.subscribe(withheld);
        world.subscribe(refused);
        DynamodbEvent counted = world.feed.next();
        world.subscribe(failing);
        DynamodbEvent failed = world.feed.next();

        String first;
        JsonNode firstDone;
        String second;
        try (LogCapture logs = new LogCapture()) {
            assertThat(mailer.handleRequest(counted, null).getBatchItemFailures()).isEmpty();
            first = logs.text();
            firstDone = logs.line("stream batch done");
        }
        try (LogCapture logs = new LogCapture()) {
            assertThat(mailer.handleRequest(failed, null).getBatchItemFailures()).hasSize(1);
            second = logs.text();
        }

        assertThat(first).contains("\"Source\":\"ConfirmationMailer\"").contains("\"ConfirmationsSent\":1")
                .contains("\"ConfirmationsWithheld\":1").contains("\"ConfirmationsRefused\":1")
                .contains("\"ConfirmationsFailed\":0");
        assertThat(firstDone.path("records").asInt()).isEqualTo(3);
        assertThat(firstDone.path("sent").asInt()).isEqualTo(1);
        assertThat(second).contains("\"ConfirmationsSent\":0").contains("\"ConfirmationsFailed\":1");
        assertThat(world.messagesTo(sent)).hasSize(1);
        assertThat(world.messagesTo(failing)).isEmpty();
    }

    @Test
    void aRefusalThatCannotBeRecordedIsRetriedInsteadOfLost() {
        String email = unique("unrecorded");
        MailSender refusing = message -> {
            throw new MailSender.Rejected("MessageRejectedException");
        };
        ConfirmationMailerHandler queueDown = world.mailer(refusing, (MailFailures) failure -> {
            throw new IllegalStateException("queue unavailable (injected)");
        });
        ConfirmationMailerHandler queueUp = world.mailer(refusing);
        world.subscribe(email);
        var before = world.subscriberItem(email);
        DynamodbEvent batch = world.feed.next();
        int failuresBefore = world.mailFailures().size();

        var first = queueDown.handleRequest(batch, null);

        assertThat(first.getBatchItemFailures()).hasSize(1);
        assertThat(world.mailFailures()).hasSize(failuresBefore);
        // The claim was released: the retry will try again rather than find the request already dealt with.
        assertThat(withoutVersion(world.subscriberItem(email))).isEqualTo(withoutVersion(before));

        var retried = queueUp.handleRequest(batch, null);

        assertThat(retried.getBatchItemFailures()).isEmpty();
        assertThat(world.mailFailures()).hasSize(failuresBefore + 1);
        assertThat(world.messagesTo(email)).isEmpty();
    }

    // ---- issue 18: behaviours that mutation testing found unchecked ----

    @Test
    void aBatchDeliveredAgainAfterTheMailboxsCoolingPeriodSendsNoSecondMessage() {
        // Lambda keeps retrying a failed batch for hours: by then the limits allow a message, so only the recorded
        // claim stands between the reader and a second one.
        world.deliver();                    // earlier tests' records, so the batch is this reader's alone
        String email = unique("redelivered-later");
        world.subscribe(email);
        DynamodbEvent batch = world.feed.next();
        world.mailer.handleRequest(batch, null);
        world.clock.advance(Duration.ofHours(1));

        var again = world.mailer.handleRequest(batch, null);

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(world.messagesTo(email)).hasSize(1);
        var item = world.subscriberItem(email);
        assertThat(item.get("mailSent").s()).as("the request is recorded as sent").isEqualTo(item.get("mailRequest").s());
    }

    @Test
    void aMessageWithheldByTheLimitsIsNotSentByARepeatedSignupWithinTheMailInterval() {
        // Two addresses of one mailbox: the second's message is withheld by the mailbox's cooling period.
        String mailbox = "withheld" + System.nanoTime();
        String domain = "withheld-" + System.nanoTime() + ".example";
        String first = mailbox + "+1@" + domain;
        String second = mailbox + "+2@" + domain;
        advanceTo(MailLimits.MAILBOX_COOLING.window(), Duration.ofMinutes(5));
        world.subscribe(first);
        world.deliver();
        world.subscribe(second);
        world.deliver();
        String request = world.subscriberItem(second).get("mailRequest").s();
        // A new cooling window, but the same request: a repeat within the mail interval asks for no new message.
        world.clock.advance(Duration.ofMinutes(6));

        var repeated = world.subscribe(second);
        var delivered = world.deliver();

        assertThat(repeated.getStatusCode()).isEqualTo(202);
        assertThat(delivered.getBatchItemFailures()).isEmpty();
        assertThat(world.subscriberItem(second).get("mailRequest").s()).isEqualTo(request);
        assertThat(world.messagesTo(first)).hasSize(1);
        assertThat(world.messagesTo(second)).as("a withheld message is not sent at all").isEmpty();

        // A request after the mail interval is a new request, and sends.
        world.clock.advance(Subscriber.MAIL_INTERVAL.minusMinutes(6));
        world.subscribe(second);
        world.deliver();
        assertThat(world.messagesTo(second)).hasSize(1);
    }

    @Test
    void aMailboxWithheldByItsDomainsHourlyLimitKeepsItsOwnDailyAllowance() {
        String domain = "busy-" + System.nanoTime() + ".example";
        String reader = "patient" + System.nanoTime() + "@" + domain;
        // The start of an hour whose next hour is the same day, so only the domain's window moves on below.
        advanceTo(MailLimits.DOMAIN_HOURLY.window(), Duration.ZERO);
        if (world.clock.instant().atZone(java.time.ZoneOffset.UTC).getHour() == 23) {
            world.clock.advance(Duration.ofHours(1));
        }
        // The domain's hour filled as a hundred messages to other readers there would fill it (limitsTheMessagesToOne-
        // DomainPerHour sends them through the whole path), taken from the mailer's own limits.
        MailLimits limits = world.mailer.getApplicationContext().getBean(MailLimits.class);
        for (int n = 0; n < MailLimits.DOMAIN_HOURLY.limit(); n++) {
            assertThat(limits.take(EmailAddress.parse("reader" + n + "@" + domain), world.clock.instant())).isPresent();
        }
        assertThat(limits.take(EmailAddress.parse("one-more@" + domain), world.clock.instant())).isEmpty();
        // As many requests as the mailbox's daily limit, each in a cooling window of its own, all withheld by the domain.
        for (int n = 0; n < MailLimits.MAILBOX_DAILY.limit(); n++) {
            assertThat(world.subscribe(reader).getStatusCode()).isEqualTo(202);
            assertThat(world.deliver().getBatchItemFailures()).isEmpty();
            world.clock.advance(MailLimits.MAILBOX_COOLING.window());
        }
        assertThat(world.messagesTo(reader)).isEmpty();

        advanceTo(MailLimits.DOMAIN_HOURLY.window(), Duration.ZERO);
        world.subscribe(reader);
        world.deliver();

        assertThat(world.messagesTo(reader)).as("the withheld requests used up none of the mailbox's own limits")
                .hasSize(1);
    }

    @Test
    void aStreamEventWithoutRecordsIsAnEmptyBatch() {
        // Lambda's DynamoDB mapping always sends records; a test event from the console or a hand replay may not.
        int sent = world.outbox().size();
        var event = (DynamodbEvent) dev.verdict.localkit.LambdaSerialization.read(
                "{}".getBytes(StandardCharsets.UTF_8), DynamodbEvent.class);

        var response = world.mailer.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(world.outbox()).hasSize(sent);
    }

    @Test
    void skipsARecordWithNoChangeOrNoKeyWithoutFailingTheBatch() {
        // Not what DynamoDB writes (every record has its change, every image its key), but a hand-made or replayed
        // record must not stop the stream.
        int sent = world.outbox().size();
        String noChange = "{\"eventID\":\"1\",\"eventName\":\"MODIFY\",\"eventSource\":\"aws:dynamodb\"}";
        String noKey = dev.verdict.localkit.LambdaEvents.streamRecord("2", "MODIFY", "200",
                java.util.Map.of(), java.util.Map.of(SubscribersTable.MAIL_REQUEST,
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(Subscriber.newId())),
                null, world.clock.instant(), 10, null, "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/1").toString();
        var event = (DynamodbEvent) dev.verdict.localkit.LambdaSerialization.read(
                ("{\"Records\":[" + noChange + "," + noKey + "]}").getBytes(StandardCharsets.UTF_8), DynamodbEvent.class);

        var response = world.mailer.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(world.outbox()).hasSize(sent);
    }

    @Test
    void aLinkTokenRemovedByItsTtlSendsNothingAndFailsNothing() {
        String[] tokens = world.subscribeAndReceive(unique("expired-token"));
        world.deliver();                    // the claim's own records
        int sent = world.outbox().size();
        // What DynamoDB's TTL does to an expired token: deletes the item, which the stream carries as a REMOVE.
        world.tables.client().deleteItem(b -> b.tableName(world.tables.table("SubscribersTable")).key(java.util.Map.of(
                SubscribersTable.PK, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        SubscribersTable.TOKEN_PREFIX + Tokens.hash(tokens[1])))));
        DynamodbEvent batch = world.feed.next();
        assertThat(batch.getRecords()).extracting(r -> r.getEventName()).containsExactly("REMOVE");

        var response = world.mailer.handleRequest(batch, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(world.outbox()).hasSize(sent);
    }

    /** Moves the clock to {@code offset} into the next window of {@code length} (aligned as the counters align them). */
    private static void advanceTo(Duration length, Duration offset) {
        long now = world.clock.instant().getEpochSecond();
        long next = now - Math.floorMod(now, length.toSeconds()) + length.toSeconds() + offset.toSeconds();
        world.clock.advance(Duration.ofSeconds(next - now));
    }

    /** Fails the first write to the subscribers table once a message has gone out (DynamoDB failing after SES took it). */
    static final class FailAfterSend implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        volatile boolean sent;
        private boolean failed;

        @Override
        public synchronized void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                                 software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            boolean write = context.request() instanceof software.amazon.awssdk.services.dynamodb.model.PutItemRequest
                    || SignupWorld.subscriberUpdate(context.request())
                    || context.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
            if (sent && write && !failed) {
                failed = true;
                throw software.amazon.awssdk.core.exception.SdkClientException.create("DynamoDB unavailable (injected)");
            }
        }
    }

    private static java.util.Map<String, ?> withoutVersion(java.util.Map<String, ?> item) {
        var copy = new java.util.HashMap<String, Object>(item);
        copy.remove("version");
        return copy;
    }

    private static String to(MimeMessage message) {
        try {
            return message.getHeader("To", ",").replaceAll("[<>]", "").toLowerCase();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageIdOf(java.nio.file.Path file) {
        try {
            return SignupWorld.parse(file).getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DynamodbEvent tail(DynamodbEvent batch, String fromSequenceNumber) {
        var records = batch.getRecords();
        int from = 0;
        while (!records.get(from).getDynamodb().getSequenceNumber().equals(fromSequenceNumber)) {
            from++;
        }
        DynamodbEvent retry = new DynamodbEvent();
        retry.setRecords(records.subList(from, records.size()));
        return retry;
    }
}
