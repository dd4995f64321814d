package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.localkit.SnsEvents;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Bounces and complaints on the local engine, through the feedback function as template.yaml configures it, with
 * SNS's events as JSON read by the runtime's deserialization and signed as SNS signs (by the local stand-in's key,
 * the certificate the function is given off AWS).
 */
class MailFeedbackTest {

    static final String TOPIC = SnsEvents.topicArn("MailFeedbackTopic");

    final NewsletterWorld world = new NewsletterWorld();
    final LambdaHost function = world.feedbackFunction();
    final AtomicInteger messages = new AtomicInteger();

    @Test
    void aHardBounceSuppressesAndTheIssueThenSkipsThatReader() {
        List<String> readers = world.confirmedReaders(3);
        world.composeNow();

        JsonNode answer = deliver(signed(bounce("Permanent", "hard-1", readers.get(1))));

        assertThat(answer.get("suppressed").asInt()).as(answer.toString()).isEqualTo(1);
        assertThat(world.subscriberItem(readers.get(1)).get("suppressedReason").s()).isEqualTo("bounce");
        world.drain(invocation -> world.sendFunction(m -> m), false);
        assertThat(world.recipients()).containsExactlyInAnyOrder(readers.get(0), readers.get(2));
        assertThat(world.deliveries.count(NewsletterWorld.ISSUE, Deliveries.State.SKIPPED)).isEqualTo(1);
    }

    @Test
    void aComplaintSuppressesAndTheNextIssueIsNotPlannedForThatReader() {
        List<String> readers = world.confirmedReaders(2);

        JsonNode answer = deliver(signed(complaint("complaint-1", "Reader0@Readers.example")));

        assertThat(answer.get("suppressed").asInt()).as(answer.toString()).isEqualTo(1);
        assertThat(world.subscriberItem(readers.get(0)).get("suppressedReason").s()).isEqualTo("complaint");
        assertThat(world.composeNow()).containsEntry("planned", 1);
    }

    @Test
    void twoSoftBouncesDoNotSuppressTheThirdDoesAndARedeliveryCountsOnce() {
        String reader = world.confirmedReaders(1).getFirst();

        deliver(signed(bounce("Transient", "soft-1", reader)));
        ObjectNode second = signed(bounce("Transient", "soft-2", reader));
        deliver(second);
        JsonNode again = deliver(second);

        assertThat(again.get("already").asInt()).as(again.toString()).isEqualTo(1);
        assertThat(world.subscriberItem(reader).get("softBounces").n()).isEqualTo("2");
        assertThat(world.subscriberItem(reader)).doesNotContainKey("suppressedAt");

        JsonNode third = deliver(signed(bounce("Undetermined", "soft-3", reader)));

        assertThat(third.get("suppressed").asInt()).as(third.toString()).isEqualTo(1);
        assertThat(world.subscriberItem(reader).get("suppressedReason").s()).isEqualTo("soft bounces");
        assertThat(world.subscriberItem(reader).get("softBounces").n()).isEqualTo("3");
    }

    @Test
    void aRedeliveredHardBounceChangesNothing() {
        String reader = world.confirmedReaders(1).getFirst();
        ObjectNode notice = signed(bounce("Permanent", "hard-again", reader));
        deliver(notice);
        Map<String, AttributeValue> first = world.subscriberItem(reader);
        world.clock.advance(Duration.ofMinutes(5));

        JsonNode again = deliver(notice);

        assertThat(again.get("already").asInt()).isEqualTo(1);
        assertThat(again.get("suppressed").asInt()).isZero();
        assertThat(world.subscriberItem(reader)).isEqualTo(first);
    }

    @Test
    void anAddressWeDoNotKnowIsSkippedAndNothingIsWritten() {
        JsonNode answer = deliver(signed(bounce("Permanent", "stranger", "stranger@elsewhere.example")),
                signed(bounce("Transient", "stranger-soft", "other@elsewhere.example")));

        assertThat(answer.get("unknown").asInt()).as(answer.toString()).isEqualTo(2);
        assertThat(world.subscriberItem("stranger@elsewhere.example")).isNullOrEmpty();
        assertThat(world.subscriberItem("other@elsewhere.example")).isNullOrEmpty();
    }

    @Test
    void untrustedOrMalformedMessagesAreRefusedWithNothingWrittenAndTheRestOfTheBatchIsProcessed() throws Exception {
        List<String> readers = world.confirmedReaders(7);
        List<Map<String, AttributeValue>> before = new ArrayList<>();
        readers.forEach(r -> before.add(world.subscriberItem(r)));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey forger = generator.generateKeyPair().getPrivate();
        ObjectNode tampered = signed(bounce("Permanent", "tampered", readers.get(6)));
        ((ObjectNode) tampered.get("Sns")).put("Message", bounce("Permanent", "tampered", readers.get(5)));

        JsonNode answer = deliver(
                SnsEvents.record(TOPIC, id(), bounce("Permanent", "forged", readers.get(0)), world.clock.instant(), forger),
                SnsEvents.record("arn:aws:sns:us-east-1:999999999999:MailFeedbackTopic", id(),
                        bounce("Permanent", "foreign", readers.get(1)), world.clock.instant(), SnsEvents.LOCAL_KEY),
                signed("{\"eventType\":\"Bounce\",\"bounce\":{"),
                signed(bounce("Permanent", "x".repeat(MailFeedback.MAX_MESSAGE_BYTES), readers.get(2))),
                signed("{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":5,\"bouncedRecipients\":[{\"emailAddress\":\""
                        + readers.get(3) + "\"}]}}"),
                signed("{\"eventType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":\"" + readers.get(4) + "\"}}"),
                tampered,
                signed(bounce("Permanent", "good", "Reader Six <" + readers.get(6) + ">")));

        assertThat(answer.get("refused").asInt()).as(answer.toString()).isEqualTo(7);
        assertThat(answer.get("suppressed").asInt()).as(answer.toString()).isEqualTo(1);
        for (int i = 0; i < 6; i++) {
            assertThat(world.subscriberItem(readers.get(i))).as(readers.get(i)).isEqualTo(before.get(i));
        }
        assertThat(world.subscriberItem(readers.get(6))).containsKey("suppressedAt");
    }

    @Test
    void signatureVersionOneIsCheckedToo() {
        String reader = world.confirmedReaders(1).getFirst();

        JsonNode answer = deliver(SnsEvents.record(TOPIC, id(), bounce("Permanent", "v1", reader), world.clock.instant(),
                SnsEvents.LOCAL_KEY, "1"));

        assertThat(answer.get("suppressed").asInt()).as(answer.toString()).isEqualTo(1);
    }

    @Test
    void aSignatureVersionSnsDoesNotHaveIsRefused() {
        String reader = world.confirmedReaders(1).getFirst();
        Map<String, AttributeValue> before = world.subscriberItem(reader);

        JsonNode answer = deliver(SnsEvents.record(TOPIC, id(), bounce("Permanent", "v3", reader), world.clock.instant(),
                SnsEvents.LOCAL_KEY, "3"));

        assertThat(answer.get("refused").asInt()).as(answer.toString()).isEqualTo(1);
        assertThat(world.subscriberItem(reader)).isEqualTo(before);
    }

    @Test
    void aNotificationWhoseCertificateIsNotSnssOrWhoseSignatureIsNotBase64IsRefused() {
        String reader = world.confirmedReaders(1).getFirst();
        Map<String, AttributeValue> before = world.subscriberItem(reader);
        ObjectNode elsewhere = signed(bounce("Permanent", "elsewhere", reader));
        ((ObjectNode) elsewhere.get("Sns")).put("SigningCertUrl", "https://certificates.attacker.example/SimpleNotificationService.pem");
        ObjectNode garbled = signed(bounce("Permanent", "garbled", reader));
        ((ObjectNode) garbled.get("Sns")).put("Signature", "not base64!");

        JsonNode answer = deliver(elsewhere, garbled);

        assertThat(answer.get("refused").asInt()).as(answer.toString()).isEqualTo(2);
        assertThat(world.subscriberItem(reader)).isEqualTo(before);
    }

    @Test
    void aRecordThatCannotBeWrittenFailsTheInvocationAndTheEventDeliveredAgainFinishesIt() {
        List<String> readers = world.confirmedReaders(2);
        AtomicInteger updates = new AtomicInteger();
        LambdaHost unreachable = world.feedbackFunction(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("UpdateItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)) && updates.incrementAndGet() == 1) {
                    throw new IllegalStateException("the table cannot be reached");
                }
            }
        });
        byte[] event = SnsEvents.event(List.of(signed(bounce("Permanent", "first", readers.get(0))),
                signed(bounce("Permanent", "second", readers.get(1)))));

        LambdaResult first = unreachable.invoke(event);
        assertThat(first.ok()).as("the first delivery must fail, so that Lambda delivers the event again").isFalse();
        assertThat(world.subscriberItem(readers.get(0))).doesNotContainKey("suppressedAt");

        LambdaResult again = unreachable.invoke(event);
        assertThat(again.ok()).as(again.describe()).isTrue();
        JsonNode answer = LambdaEvents.tree(again.payload());
        // The record that failed is suppressed now; the other was on the first delivery.
        assertThat(answer.get("suppressed").asInt()).as(answer.toString()).isEqualTo(1);
        assertThat(answer.get("already").asInt()).as(answer.toString()).isEqualTo(1);
        readers.forEach(reader -> assertThat(world.subscriberItem(reader)).as(reader).containsKey("suppressedAt"));
    }

    @Test
    void deliveriesAndOtherEventsAreIgnored() {
        String reader = world.confirmedReaders(1).getFirst();

        JsonNode answer = deliver(signed("{\"eventType\":\"Delivery\",\"delivery\":{\"recipients\":[\"" + reader + "\"]}}"));

        assertThat(answer.get("ignored").asInt()).isEqualTo(1);
        assertThat(world.subscriberItem(reader)).doesNotContainKey("suppressedAt");
    }

    @Test
    void anEventWithoutRecordsOrWithAnEmptyRecordIsAnsweredAndWritesNothing() {
        String reader = world.confirmedReaders(1).getFirst();
        Map<String, AttributeValue> before = world.subscriberItem(reader);

        for (String event : List.of("{}", "{\"Records\":null}", "{\"Records\":[]}")) {
            LambdaResult result = function.invoke(event.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(result.ok()).as(event + ": " + result.describe()).isTrue();
            assertThat(LambdaEvents.tree(result.payload()).get("records").asInt()).as(event).isZero();
        }
        LambdaResult empty = function.invoke("{\"Records\":[{}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(empty.ok()).as(empty.describe()).isTrue();
        assertThat(LambdaEvents.tree(empty.payload()).get("refused").asInt()).isEqualTo(1);
        assertThat(world.subscriberItem(reader)).isEqualTo(before);
    }

    @Test
    void aMessageOfExactlyTheLargestSizeSnsSendsIsReadAndOneByteMoreIsRefused() {
        String reader = world.confirmedReaders(1).getFirst();
        String largest = padded(bounce("Permanent", "largest", reader), MailFeedback.MAX_MESSAGE_BYTES);
        String tooLarge = padded(bounce("Permanent", "too-large", reader), MailFeedback.MAX_MESSAGE_BYTES + 1);

        JsonNode refused = deliver(signed(tooLarge));
        assertThat(refused.get("refused").asInt()).as(refused.toString()).isEqualTo(1);
        assertThat(world.subscriberItem(reader)).doesNotContainKey("suppressedAt");

        JsonNode read = deliver(signed(largest));
        assertThat(read.get("suppressed").asInt()).as(read.toString()).isEqualTo(1);
    }

    @Test
    void aNullRecordIsRefusedAndAReportedTextThatIsNoAddressIsUnknown() {
        LambdaResult nullRecord = function.invoke("{\"Records\":[null]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(nullRecord.ok()).as(nullRecord.describe()).isTrue();
        assertThat(LambdaEvents.tree(nullRecord.payload()).get("refused").asInt()).isEqualTo(1);

        JsonNode answer = deliver(signed(bounce("Permanent", "no-address", "not an address")));
        assertThat(answer.get("unknown").asInt()).as(answer.toString()).isEqualTo(1);
        assertThat(answer.get("failed").asInt()).isZero();
    }

    /** {@code message} with a filler field in its mail object, to exactly {@code bytes} bytes of UTF-8. */
    private static String padded(String message, int bytes) {
        String open = message.substring(0, message.length() - 2) + ",\"filler\":\"";
        String close = "\"}}";
        return open + "x".repeat(bytes - open.length() - close.length()) + close;
    }

    private JsonNode deliver(ObjectNode... records) {
        LambdaResult result = function.invoke(SnsEvents.event(List.of(records)));
        assertThat(result.ok()).as(result.describe()).isTrue();
        return LambdaEvents.tree(result.payload());
    }

    private ObjectNode signed(String message) {
        return SnsEvents.record(TOPIC, id(), message, world.clock.instant(), SnsEvents.LOCAL_KEY);
    }

    private String id() {
        return String.format("%08d-0000-4000-8000-000000000000", messages.incrementAndGet());
    }

    /** An SES event-publishing bounce, as SES writes it (the fields read here, and some it always has). */
    static String bounce(String type, String feedbackId, String recipient) {
        return "{\"eventType\":\"Bounce\",\"bounce\":{\"feedbackId\":\"" + feedbackId + "\",\"bounceType\":\"" + type
                + "\",\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"" + recipient
                + "\",\"action\":\"failed\",\"status\":\"5.1.1\"}],\"timestamp\":\"2026-11-30T08:00:01.000Z\"},"
                + "\"mail\":{\"messageId\":\"0100018c-ses\",\"source\":\"verdicts@verdicts.example\"}}";
    }

    static String complaint(String feedbackId, String recipient) {
        return "{\"eventType\":\"Complaint\",\"complaint\":{\"feedbackId\":\"" + feedbackId
                + "\",\"complainedRecipients\":[{\"emailAddress\":\"" + recipient + "\"}],\"complaintFeedbackType\":\"abuse\"},"
                + "\"mail\":{\"messageId\":\"0100018c-ses\"}}";
    }
}
