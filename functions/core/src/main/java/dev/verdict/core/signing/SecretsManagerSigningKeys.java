package dev.verdict.core.signing;

import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The signing keys as the Secrets Manager secret holds them (its current version). Only the functions that sign or
 * verify read it, and only they may: template.yaml gives them SIGNING_SECRET_ID and secretsmanager:GetSecretValue on
 * that one secret, so the key is never in an environment variable and no other function can read it.
 */
public final class SecretsManagerSigningKeys implements Supplier<SigningKeys> {

    private final SecretsManagerClient secrets;
    private final String secretId;

    public SecretsManagerSigningKeys(SecretsManagerClient secrets, String secretId) {
        this.secrets = secrets;
        this.secretId = secretId;
    }

    @Override
    public SigningKeys get() {
        return SigningKeys.parse(secrets.getSecretValue(b -> b.secretId(secretId)).secretString());
    }
}
