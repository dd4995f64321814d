package dev.verdict.core.aws;

import dev.verdict.core.signing.Signer;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart snapshots the JVM after INIT, keys included, and may restore that snapshot long after: a rotation made
 * since would be missed. So the keys are read again when a snapshot is restored (the first invocation of a restored
 * container pays one Secrets Manager call). Created eagerly in every function; does nothing in those without keys.
 */
@Context
public final class SigningKeysAfterRestore implements Resource {

    private final Signer signer;

    public SigningKeysAfterRestore(@Nullable Signer signer) {
        this.signer = signer;
        if (signer != null) {
            Core.getGlobalContext().register(this);
        }
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
