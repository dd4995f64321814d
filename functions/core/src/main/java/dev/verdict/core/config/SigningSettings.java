package dev.verdict.core.config;

import java.util.Optional;

/**
 * Where the signing keys come from, for the functions that sign: on AWS the Secrets Manager secret SIGNING_SECRET_ID
 * names (read at INIT); off AWS SIGNING_KEY holds the secret's text itself, and template.yaml never sets it.
 *
 * @param localKey off AWS only: the keys' text (never printed)
 * @param secretId on AWS: the secret's name or ARN
 */
public record SigningSettings(Optional<String> localKey, Optional<String> secretId) {

    /** The Secrets Manager secret (name or ARN) the functions that sign read their keys from. */
    public static final String SIGNING_SECRET_ID = "SIGNING_SECRET_ID";
    /** Off AWS only: the signing keys' text (see SigningKeys), standing in for the secret SIGNING_SECRET_ID names. */
    public static final String SIGNING_KEY = "SIGNING_KEY";

    public static SigningSettings from(Settings settings) {
        // Both are asked for, so a function that signs is seen to read SIGNING_SECRET_ID even where a local key stands in.
        Optional<String> localKey = settings.offAws(SIGNING_KEY);
        Optional<String> secretId = settings.optional(SIGNING_SECRET_ID);
        if (localKey.isEmpty()) {
            settings.require(SIGNING_SECRET_ID);
        }
        return new SigningSettings(localKey, secretId);
    }

    @Override
    public String toString() {
        return "SigningSettings[localKey=" + (localKey.isPresent() ? "(set)" : "(none)") + ", secretId=" + secretId + "]";
    }
}
