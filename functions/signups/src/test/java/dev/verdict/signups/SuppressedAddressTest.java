package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * An address the newsletter's mail feedback suppressed (a hard bounce, a complaint) is never mailed again, and no write
 * of the signups module takes the suppression off: not a new signup for it, not its links, not the mailer's claim.
 * A signup for it is answered exactly as one for any other address.
 */
class SuppressedAddressTest {

    static SignupWorld world;
    /** Runs a competing writer just before the next request of a kind leaves the API function. */
    static final ConcurrentWritersTest.Interleave api = new ConcurrentWritersTest.Interleave();

    @BeforeAll
    static void start() {
        world = new SignupWorld(api);
    }

    static String unique(String name) {
        return name + "." + System.nanoTime() + "@example.com";
    }

    @Test
    void aSignupForASuppressedAddressIsAnsweredAsAnyOtherAndMailsNothing() {
        String email = unique("complained");
        world.subscribeAndReceive(email);
        world.suppress(email, "complaint");
        var before = world.subscriberItem(email);
        // Past the mail interval: a pending address asking again would be sent a new message now.
        world.clock.advance(Subscriber.MAIL_INTERVAL);

        APIGatewayV2HTTPResponse again = world.subscribe(email);
        APIGatewayV2HTTPResponse fresh = world.subscribe(unique("fresh"));
        world.deliver();

        assertSameAnswer(again, fresh);
        var after = world.subscriberItem(email);
        assertSuppressedAsBefore(after, before);
        assertThat(after.get("mailRequest")).as("no new message asked for").isEqualTo(before.get("mailRequest"));
        assertThat(after.get("lastRequestAt").s()).as("the request is recorded").isEqualTo(world.clock.instant().toString());
        assertThat(world.messagesTo(email)).as("only the confirmation sent before the complaint").hasSize(1);
    }

    @Test
    void aSuppressedAddressThatUnsubscribedLongAgoDoesNotStartANewCycle() {
        String email = unique("bounced-then-left");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);
        world.suppress(email, "bounce");
        world.oneClickUnsubscribe(tokens[1]);
        var before = world.subscriberItem(email);
        world.clock.advance(Subscriber.UNSUBSCRIBED_COOLING.plus(Duration.ofDays(1)));

        APIGatewayV2HTTPResponse again = world.subscribe(email);
        world.deliver();

        assertSameAnswer(again, world.subscribe(unique("fresh")));
        var after = world.subscriberItem(email);
        assertSuppressedAsBefore(after, before);
        assertThat(after.get("status").s()).isEqualTo("UNSUBSCRIBED");
        assertThat(after.get("cycle")).isEqualTo(before.get("cycle"));
        assertThat(world.messagesTo(email)).hasSize(1);
    }

    @Test
    void confirmingASuppressedSubscriberKeepsTheSuppression() {
        String email = unique("bounced-pending");
        String[] tokens = world.subscribeAndReceive(email);
        world.suppress(email, "bounce");
        var before = world.subscriberItem(email);

        var confirmed = world.confirm(tokens[0]);

        assertThat(confirmed.getStatusCode()).isEqualTo(200);
        var after = world.subscriberItem(email);
        assertThat(after.get("status").s()).isEqualTo("CONFIRMED");
        assertSuppressedAsBefore(after, before);
    }

    @Test
    void unsubscribingASuppressedSubscriberKeepsTheSuppression() {
        String email = unique("complained-confirmed");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);
        world.suppress(email, "complaint");
        var before = world.subscriberItem(email);

        var unsubscribed = world.oneClickUnsubscribe(tokens[1]);

        assertThat(unsubscribed.getStatusCode()).isEqualTo(200);
        var after = world.subscriberItem(email);
        assertThat(after.get("status").s()).isEqualTo("UNSUBSCRIBED");
        assertSuppressedAsBefore(after, before);
    }

    @Test
    void softBouncesCountedSoFarSurviveEverySignupWrite() {
        String email = unique("soft");
        String[] tokens = world.subscribeAndReceive(email);
        // What the newsletter writes for one soft bounce: the count and the feedback id it counted.
        world.tables.client().updateItem(b -> b.tableName(world.tables.table("SubscribersTable"))
                .key(Map.of("pk", AttributeValue.fromS("ADDRESS#" + EmailAddress.parse(email).key())))
                .updateExpression("SET softBounces = :one ADD softBounceIds :ids")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":ids", AttributeValue.fromSs(List.of("feedback-1")))));

        world.subscribe(email);
        world.confirm(tokens[0]);
        world.oneClickUnsubscribe(tokens[1]);

        var item = world.subscriberItem(email);
        assertThat(item.get("status").s()).isEqualTo("UNSUBSCRIBED");
        assertThat(item.get("softBounces").n()).isEqualTo("1");
        assertThat(item.get("softBounceIds").ss()).containsExactly("feedback-1");
    }

    @Test
    void aMessageAskedForBeforeTheSuppressionArrivedIsNotSent() {
        String email = unique("bounced-before-sending");
        world.deliver();                    // earlier tests' records
        world.subscribe(email);
        world.suppress(email, "bounce");

        var response = world.deliver();

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(world.messagesTo(email)).isEmpty();
        assertThat(world.subscriberItem(email)).containsKey("suppressedAt").doesNotContainKey("mailSent");
    }

    @Test
    void aSuppressionThatLandsWhileTheMailerClaimsStopsTheMessage() {
        String email = unique("bounced-during-claim");
        var mailerSide = new ConcurrentWritersTest.Interleave();
        ConfirmationMailerHandler mailer = world.mailer(mailerSide);
        world.deliver();                    // earlier tests' records, so the next claim is this reader's
        world.subscribe(email);
        // The mailer has read the pending, unsuppressed subscriber when the suppression lands (it moves no version).
        mailerSide.before(TransactWriteItemsRequest.class, () -> world.suppress(email, "complaint"));

        var response = world.deliver(mailer);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(world.messagesTo(email)).isEmpty();
        var item = world.subscriberItem(email);
        assertThat(item.get("suppressedReason").s()).isEqualTo("complaint");
        assertThat(item).doesNotContainKey("mailSent");
    }

    @Test
    void aSignupHoldingACopyFromBeforeTheSuppressionDoesNotEraseIt() {
        String email = unique("suppressed-during-signup");
        world.subscribeAndReceive(email);
        world.clock.advance(Subscriber.MAIL_INTERVAL);
        // The signup has read the subscriber (pending, not suppressed) when the complaint is recorded.
        api.before(SignupWorld::subscriberUpdate, () -> world.suppress(email, "complaint"));

        var signup = world.subscribe(email);
        world.deliver();

        assertThat(signup.getStatusCode()).isEqualTo(202);
        var item = world.subscriberItem(email);
        assertThat(item.get("suppressedReason").s()).as("the stale copy's write kept the suppression").isEqualTo("complaint");
        assertThat(item.get("lastRequestAt").s()).isEqualTo(world.clock.instant().toString());
        // Its new request was written, but the mailer finds the address suppressed and sends nothing.
        assertThat(world.messagesTo(email)).hasSize(1);
    }

    private static void assertSameAnswer(APIGatewayV2HTTPResponse suppressed, APIGatewayV2HTTPResponse fresh) {
        assertThat(suppressed.getStatusCode()).isEqualTo(202).isEqualTo(fresh.getStatusCode());
        assertThat(suppressed.getBody()).isEqualTo(SignupsApi.PENDING).isEqualTo(fresh.getBody());
        assertThat(suppressed.getHeaders()).isEqualTo(fresh.getHeaders());
        assertThat(suppressed.getCookies()).isEqualTo(fresh.getCookies());
    }

    private static void assertSuppressedAsBefore(Map<String, AttributeValue> after, Map<String, AttributeValue> before) {
        assertThat(before).containsKeys("suppressedAt", "suppressedReason");
        assertThat(after.get("suppressedAt")).isEqualTo(before.get("suppressedAt"));
        assertThat(after.get("suppressedReason")).isEqualTo(before.get("suppressedReason"));
    }
}
