package dev.verdict.core.config;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * The function role's credentials, where Lambda puts them. An on-demand start sets {@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}; a SnapStart restore does not (keys frozen into a
 * snapshot would outlive their session), and offers them from a local endpoint instead, named by
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. Only these two, in
 * this order: the SDK's default chain would also probe profiles and instance metadata, costing INIT time for nothing.
 */
public final class LambdaCredentials {

    private LambdaCredentials() {
    }

    public static AwsCredentialsProvider provider() {
        return AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(EnvironmentVariableCredentialsProvider.create(),
                        ContainerCredentialsProvider.builder().build())
                .build();
    }
}
