package dev.verdict.core.aws;

import static dev.verdict.core.signing.SignerTest.A;
import static dev.verdict.core.signing.SignerTest.ring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.signing.Signer;
import dev.verdict.core.signing.SigningKeys;
import io.micronaut.context.BeanContext;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.core.type.Argument;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

/**
 * What must happen before SnapStart's snapshot is registered with CRaC's context as it is built. Off a CRaC JVM the
 * global context discards registrations, so these tests hand the resources a context that keeps them.
 */
class CheckpointRegistrationTest {

    static final class RecordingCheckpoints extends org.crac.Context<Resource> {
        final List<Resource> registered = new CopyOnWriteArrayList<>();

        @Override
        public void register(Resource resource) {
            registered.add(resource);
        }

        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
        }
    }

    @Test
    void primingRegistersForTheCheckpointAsItIsBuilt() {
        var checkpoints = new RecordingCheckpoints();

        // Its client and settings are used only at the checkpoint, which this test does not reach.
        var priming = new SnapStartPriming(null, null, checkpoints);

        assertThat(checkpoints.registered).containsExactly(priming);
    }

    @Test
    void theKeysReloadRegistersForTheRestoreOnceItHearsOfTheSigner() {
        var checkpoints = new RecordingCheckpoints();
        var restore = new SigningKeysAfterRestore(checkpoints);
        assertThat(checkpoints.registered).as("nothing to reload before a signer exists").isEmpty();

        Signer signer = new Signer(() -> SigningKeys.parse(ring("a", null, "a", A)), System::nanoTime);
        restore.onCreated(new BeanCreatedEvent<>(BeanContext.build(), null, null, Argument.of(Signer.class), signer));

        assertThat(checkpoints.registered).containsExactly(restore);
    }
}
