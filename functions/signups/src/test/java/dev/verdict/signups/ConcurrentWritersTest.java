package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Two writers on one subscriber item: each read it at one version, the other wrote in between, so one of them holds a
 * stale copy. The subscriber's optimistic lock makes the stale write fail; the loser reads again and decides again,
 * never overwriting what the winner wrote, and its caller still gets the answer it would have got alone.
 */
class ConcurrentWritersTest {

    static SignupWorld world;
    /** Run once, just before the next write of the given kind leaves the API function: the competing writer. */
    static final Interleave api = new Interleave();

    @BeforeAll
    static void start() {
        world = new SignupWorld(api);
    }

    static String unique(String name) {
        return name + "." + System.nanoTime() + "@example.com";
    }

    @Test
    void aSignupThatLosesARaceWithAnUnsubscribeDoesNotSubscribeAgain() {
        String email = unique("signup-loses");
        String[] tokens = world.subscribeAndReceive(email);
        world.confirm(tokens[0]);
        long versionBefore = version(email);
        var unsubscribed = new AtomicReference<APIGatewayV2HTTPResponse>();
        // The signup has read the subscriber (confirmed) when the reader's unsubscribe lands.
        api.before(SignupWorld::subscriberUpdate, () -> unsubscribed.set(world.oneClickUnsubscribe(tokens[1])));

        var signup = world.subscribe(email);

        assertThat(unsubscribed.get()).as("the unsubscribe ran inside the signup").isNotNull();
        assertThat(unsubscribed.get().getBody()).isEqualTo("{\"status\":\"unsubscribed\"}");
        assertThat(signup.getStatusCode()).isEqualTo(202);
        assertThat(signup.getBody()).isEqualTo(SignupsApi.PENDING);
        var item = world.subscriberItem(email);
        assertThat(item.get("status").s()).as("the stale confirmed copy did not overwrite the unsubscribe").isEqualTo("UNSUBSCRIBED");
        assertThat(item.get("unsubscribedAt").s()).isEqualTo(world.clock.instant().toString());
        // The signup, decided again on the unsubscribed item, recorded only its time, on top of the unsubscribe.
        assertThat(item.get("lastRequestAt").s()).isEqualTo(world.clock.instant().toString());
        assertThat(version(email)).isEqualTo(versionBefore + 2);
    }

    @Test
    void anUnsubscribeThatLosesARaceWithASignupStillUnsubscribesAndKeepsWhatTheSignupWrote() {
        String email = unique("unsubscribe-loses");
        String[] tokens = world.subscribeAndReceive(email);
        String firstRequest = world.subscriberItem(email).get("mailRequest").s();
        world.clock.advance(Subscriber.MAIL_INTERVAL);
        // The unsubscribe has read the subscriber (pending, first request) when a new signup asks for a new message.
        api.before(SignupWorld::subscriberUpdate, () -> world.subscribe(email));

        var unsubscribed = world.oneClickUnsubscribe(tokens[1]);
        world.deliver();

        assertThat(unsubscribed.getStatusCode()).isEqualTo(200);
        assertThat(unsubscribed.getBody()).isEqualTo("{\"status\":\"unsubscribed\"}");
        var item = world.subscriberItem(email);
        assertThat(item.get("status").s()).isEqualTo("UNSUBSCRIBED");
        assertThat(item.get("mailRequest").s()).as("the signup's new request was not lost to the stale copy")
                .isNotEqualTo(firstRequest);
        // And nobody is mailed for a request that an unsubscribe overtook.
        assertThat(world.messagesTo(email)).hasSize(1);
    }

    @Test
    void aClaimThatLosesARaceToARepeatedSignupStillSendsTheOneMessage() {
        String email = unique("claim-loses");
        var mailerSide = new Interleave();
        ConfirmationMailerHandler mailer = world.mailer(mailerSide);
        world.deliver();                    // earlier tests' records, so the next claim is this reader's
        world.subscribe(email);
        long versionBefore = version(email);
        // The mailer has read the pending subscriber when the reader, impatient, submits the form again.
        var again = new AtomicReference<APIGatewayV2HTTPResponse>();
        mailerSide.before(TransactWriteItemsRequest.class, () -> again.set(world.subscribe(email)));

        var response = world.deliver(mailer);

        assertThat(again.get()).as("the signup ran inside the mailer's claim").isNotNull();
        assertThat(again.get().getStatusCode()).isEqualTo(202);
        assertThat(response.getBatchItemFailures()).isEmpty();
        // The lost claim gave back its place under the mailbox's limits, so the claim decided again was not withheld.
        assertThat(world.messagesTo(email)).hasSize(1);
        assertThat(version(email)).as("the repeated signup, then the one claim").isEqualTo(versionBefore + 2);
        String confirm = SignupWorld.token(world.messagesTo(email).getFirst(), SignupWorld.CONFIRM_LINK);
        assertThat(world.confirm(confirm).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aConfirmationThatLosesARaceWithASignupIsDecidedAgainAndConfirms() {
        String email = unique("confirm-loses");
        String[] tokens = world.subscribeAndReceive(email);
        world.clock.advance(Duration.ofMinutes(1));
        api.before(TransactWriteItemsRequest.class, () -> world.subscribe(email));

        var confirmed = world.confirm(tokens[0]);

        assertThat(confirmed.getStatusCode()).isEqualTo(200);
        assertThat(confirmed.getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        var item = world.subscriberItem(email);
        assertThat(item.get("status").s()).isEqualTo("CONFIRMED");
        assertThat(item.get("lastRequestAt").s()).as("the signup's write is kept").isEqualTo(world.clock.instant().toString());
    }

    @Test
    void aSignupHoldingACopyFromBeforeTwoLaterWritesCannotUndoAConfirmation() {
        String email = unique("two-writes-later");
        String[] tokens = world.subscribeAndReceive(email);
        // The signup has read the subscriber (pending) when a second signup and then the confirmation land.
        api.before(SignupWorld::subscriberUpdate, () -> {
            world.subscribe(email);
            world.confirm(tokens[0]);
        });

        var signup = world.subscribe(email);

        assertThat(signup.getStatusCode()).isEqualTo(202);
        var item = world.subscriberItem(email);
        assertThat(item.get("status").s()).as("every write moves the version on; none brings back the one read").isEqualTo("CONFIRMED");
        assertThat(item).containsKey("confirmedAt");
    }

    @Test
    void aSignupHoldingAStaleCopyCannotReplaceTheNewCycleWhoseMessageWentOut() {
        String email = unique("stale-new-cycle");
        String[] tokens = world.subscribeAndReceive(email);
        world.oneClickUnsubscribe(tokens[1]);
        world.clock.advance(Subscriber.UNSUBSCRIBED_COOLING.plusDays(1));
        // The signup has read the subscriber (unsubscribed long ago) when a second signup starts a new cycle and the
        // mailer sends its message. Were a write to bring the version back to the one read, the stale copy would
        // replace that cycle with one of its own, and the link the reader just got would no longer confirm.
        api.before(SignupWorld::subscriberUpdate, () -> {
            world.subscribe(email);
            world.deliver();
        });

        var signup = world.subscribe(email);
        world.deliver();

        assertThat(signup.getStatusCode()).isEqualTo(202);
        assertThat(signup.getBody()).isEqualTo(SignupsApi.PENDING);
        assertThat(world.messagesTo(email)).as("the first cycle's message and the new cycle's").hasSize(2);
        String confirm = SignupWorld.token(world.messagesTo(email).getLast(), SignupWorld.CONFIRM_LINK);
        var confirmed = world.confirm(confirm);
        assertThat(confirmed.getStatusCode()).isEqualTo(200);
        assertThat(confirmed.getBody()).isEqualTo("{\"status\":\"confirmed\"}");
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("CONFIRMED");
    }

    private static long version(String email) {
        return Long.parseLong(world.subscriberItem(email).get("version").n());
    }

    /** Runs a competing writer once, just before the next request of a kind leaves; any other request passes. */
    static final class Interleave implements ExecutionInterceptor {
        private final AtomicReference<Predicate<Object>> kind = new AtomicReference<>();
        private final AtomicReference<Runnable> competing = new AtomicReference<>();

        void before(Class<?> requestKind, Runnable writer) {
            before(requestKind::isInstance, writer);
        }

        void before(Predicate<Object> requestKind, Runnable writer) {
            kind.set(requestKind);
            competing.set(writer);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Predicate<Object> wanted = kind.get();
            if (wanted != null && wanted.test(context.request())) {
                Runnable writer = competing.getAndSet(null);
                kind.set(null);
                if (writer != null) {
                    writer.run();
                }
            }
        }
    }
}
