package dev.verdict.core.config;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one way every function builds an AWS client (DynamoDB, its streams, Secrets Manager, SES, SQS): region and
 * credentials given rather than discovered through the SDK's default chains, and the URL-connection HTTP client,
 * which together keep INIT short. Off AWS a local endpoint takes dummy credentials (the engine checks none).
 */
public final class AwsClients {

    private AwsClients() {
    }

    /**
     * {@code builder} configured and built; {@code localEndpoint} only off AWS; interceptors are empty on Lambda
     * (tests register one to count requests or inject failures).
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
            B builder, String region, Optional<URI> localEndpoint, ExecutionInterceptor... interceptors) {
        var overrides = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        builder.region(Region.of(region))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides.build());
        localEndpoint.ifPresentOrElse(
                endpoint -> builder.endpointOverride(endpoint)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> builder.credentialsProvider(LambdaCredentials.provider()));
        return builder.build();
    }
}
