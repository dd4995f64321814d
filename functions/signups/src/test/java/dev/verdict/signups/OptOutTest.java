package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.json.Json;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Someone who opted out stays out: no link from before, and no request racing theirs, subscribes them again. And a
 * client past the signup limit is told exactly when it may try again.
 */
class OptOutTest {

    static String unique(String name) {
        return name + "." + System.nanoTime() + "@example.com";
    }

    @Test
    void anUnusedConfirmationLinkOpenedAfterUnsubscribingDoesNotSubscribeAgain() {
        var world = new SignupWorld();
        String email = unique("changed-mind");
        String[] tokens = world.subscribeAndReceive(email);
        assertThat(world.oneClickUnsubscribe(tokens[1]).getStatusCode()).isEqualTo(200);
        String versionAfterOptingOut = world.subscriberItem(email).get("version").n();

        var late = world.confirm(tokens[0]);

        assertLinkRefused(late);
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("UNSUBSCRIBED");
        assertThat(world.subscriberItem(email).get("version").n()).as("nothing written").isEqualTo(versionAfterOptingOut);
    }

    @Test
    void aConfirmationThatLosesARaceWithAnUnsubscribeIsDecidedAgainAndDoesNotSubscribe() {
        var unsubscribeMeanwhile = new AtomicReference<Runnable>();
        // Between the confirmation's read of the subscriber and its write, the reader's unsubscribe lands.
        var world = new SignupWorld(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                Runnable competing = unsubscribeMeanwhile.getAndSet(null);
                if (competing != null && context.request() instanceof TransactWriteItemsRequest) {
                    competing.run();
                } else if (competing != null) {
                    unsubscribeMeanwhile.set(competing);
                }
            }
        });
        String email = unique("race");
        String[] tokens = world.subscribeAndReceive(email);
        var unsubscribed = new AtomicReference<APIGatewayV2HTTPResponse>();
        unsubscribeMeanwhile.set(() -> unsubscribed.set(world.oneClickUnsubscribe(tokens[1])));

        var confirmation = world.confirm(tokens[0]);

        assertThat(unsubscribed.get()).as("the unsubscribe ran inside the confirmation").isNotNull();
        assertThat(unsubscribed.get().getStatusCode()).isEqualTo(200);
        assertLinkRefused(confirmation);
        assertThat(world.subscriberItem(email).get("status").s()).isEqualTo("UNSUBSCRIBED");
        assertThat(world.subscriberItem(email)).doesNotContainKey("confirmedAt");
    }

    @Test
    void tellsAClientOverTheSignupLimitWhenItsWindowEnds() {
        var world = new SignupWorld();
        String client = SignupWorld.newClient();
        // Windows are aligned to the epoch; the world's clock starts on a window's first second.
        world.clock.advance(Duration.ofMinutes(4).plusSeconds(15));
        for (int i = 0; i < SignupsApi.SIGNUP_LIMIT.limit(); i++) {
            assertThat(world.subscribe(unique("burst" + i), client).getStatusCode()).isEqualTo(202);
        }
        String over = unique("burst-over");

        var refused = world.subscribe(over, client);

        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsEntry("Retry-After", Long.toString(
                SignupsApi.SIGNUP_LIMIT.window().minus(Duration.ofMinutes(4).plusSeconds(15)).toSeconds()));
        assertThat(world.subscriberItem(over)).as("nothing written").isNullOrEmpty();
    }

    static void assertLinkRefused(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(Json.readBody(response.getBody()).get("detail").asText()).contains("unknown");
    }
}
