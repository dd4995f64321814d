package dev.verdict.core.aws;

import dev.verdict.core.signing.Signer;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart snapshots the JVM after INIT, keys included, and may restore that snapshot long after: a rotation made
 * since would be missed. So the keys are read again when a snapshot is restored (the first invocation of a restored
 * container pays one Secrets Manager call). It hears of the signer as it is built, so only the functions whose code
 * signs have a signer (and read its settings); the others never create one for this.
 */
@Singleton
public final class SigningKeysAfterRestore implements BeanCreatedEventListener<Signer>, Resource {

    private final org.crac.Context<Resource> checkpoints;
    private volatile Signer signer;

    @Inject
    public SigningKeysAfterRestore() {
        this(Core.getGlobalContext());
    }

    /** {@code checkpoints}: CRaC's global context on Lambda; off a CRaC JVM it discards what is registered with it. */
    SigningKeysAfterRestore(org.crac.Context<Resource> checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public Signer onCreated(BeanCreatedEvent<Signer> event) {
        signer = event.getBean();
        checkpoints.register(this);
        return signer;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Nothing to drop: the keys are in the encrypted snapshot, as they are in memory.
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        signer.reload();
    }
}
