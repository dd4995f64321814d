package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** SES's feedback as SNS carries it, read field by field: what is taken, and what is refused as malformed. */
class FeedbackNoticeTest {

    static final String SNS_ID = "00000001-0000-4000-8000-000000000000";

    @Test
    void readsTheOlderNotificationTypeWhenTheEventTypeIsNull() throws Exception {
        FeedbackNotice notice = FeedbackNotice.parse("{\"eventType\":null,\"notificationType\":\"Bounce\",\"bounce\":"
                + "{\"bounceType\":\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":\"r@readers.example\"}]}}", SNS_ID);

        assertThat(notice.kind()).isEqualTo(FeedbackNotice.Kind.HARD_BOUNCE);
        assertThat(notice.recipients()).containsExactly("r@readers.example");
        assertThat(notice.id()).isEqualTo(SNS_ID);
    }

    @Test
    void takesAFeedbackIdOfUpTo512Characters() throws Exception {
        assertThat(FeedbackNotice.parse(complaint("f".repeat(512)), SNS_ID).id()).isEqualTo("f".repeat(512));
        assertThatThrownBy(() -> FeedbackNotice.parse(complaint("f".repeat(513)), SNS_ID))
                .isInstanceOf(FeedbackNotice.Malformed.class).hasMessage("feedbackId is not a short string");
    }

    @Test
    void refusesABounceWithoutItsDetailsItsTypeOrARecipientsAddress() {
        assertThatThrownBy(() -> FeedbackNotice.parse("{\"eventType\":\"Bounce\"}", SNS_ID))
                .isInstanceOf(FeedbackNotice.Malformed.class).hasMessage("bounce is not an object");
        assertThatThrownBy(() -> FeedbackNotice.parse("{\"eventType\":\"Bounce\",\"bounce\":[]}", SNS_ID))
                .isInstanceOf(FeedbackNotice.Malformed.class).hasMessage("bounce is not an object");
        assertThatThrownBy(() -> FeedbackNotice.parse("{\"eventType\":\"Bounce\",\"bounce\":"
                + "{\"bouncedRecipients\":[{\"emailAddress\":\"r@readers.example\"}]}}", SNS_ID))
                .isInstanceOf(FeedbackNotice.Malformed.class).hasMessage("a bounce without bounceType");
        assertThatThrownBy(() -> FeedbackNotice.parse("{\"eventType\":\"Complaint\",\"complaint\":"
                + "{\"complainedRecipients\":[{\"name\":\"r\"}]}}", SNS_ID))
                .isInstanceOf(FeedbackNotice.Malformed.class).hasMessage("a recipient without emailAddress");
    }

    @Test
    void takesTheAddressInsideAngleBracketsWhereverTheyStart() {
        assertThat(FeedbackNotice.subscriberKey("<Reader@Readers.example>")).contains("reader@readers.example");
        assertThat(FeedbackNotice.subscriberKey(" Reader <Reader@Readers.example> ")).contains("reader@readers.example");
        assertThat(FeedbackNotice.subscriberKey("Reader@Readers.example")).contains("reader@readers.example");
        assertThat(FeedbackNotice.subscriberKey("<not an address>")).isEmpty();
    }

    private static String complaint(String feedbackId) {
        return "{\"eventType\":\"Complaint\",\"complaint\":{\"feedbackId\":\"" + feedbackId
                + "\",\"complainedRecipients\":[{\"emailAddress\":\"r@readers.example\"}]}}";
    }
}
