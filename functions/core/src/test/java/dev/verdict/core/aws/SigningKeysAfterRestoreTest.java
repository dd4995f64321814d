package dev.verdict.core.aws;

import static dev.verdict.core.signing.SignerTest.A;
import static dev.verdict.core.signing.SignerTest.B;
import static dev.verdict.core.signing.SignerTest.ring;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.config.Settings;
import dev.verdict.core.signing.Signer;
import dev.verdict.core.signing.SigningKeys;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanContext;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.core.type.Argument;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** After a SnapStart restore the signer reads its keys again, so a rotation made since the snapshot is seen. */
class SigningKeysAfterRestoreTest {

    @Test
    void aRestoredSnapshotSignsWithTheKeyMadeCurrentSinceTheCheckpoint() throws Exception {
        AtomicReference<String> secret = new AtomicReference<>(ring("a", null, "a", A));
        Signer signer = new Signer(() -> SigningKeys.parse(secret.get()), System::nanoTime);
        SigningKeysAfterRestore restore = new SigningKeysAfterRestore();
        Signer created = restore.onCreated(new BeanCreatedEvent<>(BeanContext.build(), null, null, Argument.of(Signer.class), signer));

        secret.set(ring("b", null, "a", A, "b", B));
        restore.afterRestore(null);

        assertThat(created).isSameAs(signer);
        assertThat(signer.sign("voter", "id-1")).startsWith("b");
    }

    @Test
    void hearsOfTheSignerAFunctionsContextBuilds() throws Exception {
        var tables = TestTables.create();
        try (var context = ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("VotesFunction", Map.of())))
                .start()) {
            Signer signer = context.getBean(Signer.class);
            SigningKeysAfterRestore restore = context.getBean(SigningKeysAfterRestore.class);

            // Without having heard of the signer it would have nothing to reload, and fail here.
            restore.afterRestore(null);

            assertThat(signer.verify("voter", "id-1", signer.sign("voter", "id-1"))).isTrue();
        }
    }
}
