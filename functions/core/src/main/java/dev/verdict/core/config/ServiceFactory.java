package dev.verdict.core.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Builds the beans every function shares, once per container. */
@Factory
public class ServiceFactory {

    @Singleton
    ServiceConfig serviceConfig(Environment environment) {
        return ServiceConfig.from(name -> environment.getProperty(ServiceConfig.propertyName(name), String.class).orElse(null));
    }

    /**
     * One client per container, built explicitly: region and credentials are given rather than discovered through the
     * default chains, and the URL-connection HTTP client is used, which together keep INIT short.
     * Interceptors are empty on Lambda; tests register one to count requests or inject failures.
     */
    @Singleton
    DynamoDbClient dynamoDbClient(ServiceConfig config, List<ExecutionInterceptor> interceptors) {
        return dynamoDbClient(config, interceptors.toArray(ExecutionInterceptor[]::new));
    }

    public static DynamoDbClient dynamoDbClient(ServiceConfig config, ExecutionInterceptor... interceptors) {
        var overrides = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        var builder = DynamoDbClient.builder()
                .region(Region.of(config.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides.build());
        config.dynamoEndpoint().ifPresentOrElse(
                endpoint -> builder.endpointOverride(endpoint)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> builder.credentialsProvider(LambdaCredentials.provider()));
        return builder.build();
    }

    /**
     * The DynamoDB Streams client, built the same way; only a function that reads a stream itself (not through
     * Lambda's event source mapping) needs one, and registers it as a bean of its own.
     */
    public static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient dynamoDbStreamsClient(
            ServiceConfig config, ExecutionInterceptor... interceptors) {
        var overrides = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        var builder = software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
                .region(Region.of(config.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(overrides.build());
        config.dynamoEndpoint().ifPresentOrElse(
                endpoint -> builder.endpointOverride(endpoint)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> builder.credentialsProvider(LambdaCredentials.provider()));
        return builder.build();
    }

    /** Secondary, so a test that registers its own Clock (to step past an expiry) replaces this one. */
    @Singleton
    @io.micronaut.context.annotation.Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
