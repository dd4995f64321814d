package dev.verdict.core.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Builds the beans every function shares, once per container. */
@Factory
public class ServiceFactory {

    @Singleton
    ServiceConfig serviceConfig(Environment environment) {
        return ServiceConfig.from(name -> environment.getProperty(ServiceConfig.propertyName(name), String.class).orElse(null));
    }

    /** One client per container, built as {@link AwsClients} builds every client. */
    @Singleton
    DynamoDbClient dynamoDbClient(ServiceConfig config, List<ExecutionInterceptor> interceptors) {
        return dynamoDbClient(config, interceptors.toArray(ExecutionInterceptor[]::new));
    }

    public static DynamoDbClient dynamoDbClient(ServiceConfig config, ExecutionInterceptor... interceptors) {
        return AwsClients.build(DynamoDbClient.builder(), config.region(), config.dynamoEndpoint(), interceptors);
    }

    /**
     * The DynamoDB Streams client; only a function that reads a stream itself (not through Lambda's event source
     * mapping) needs one, and registers it as a bean of its own.
     */
    public static DynamoDbStreamsClient dynamoDbStreamsClient(ServiceConfig config, ExecutionInterceptor... interceptors) {
        return AwsClients.build(DynamoDbStreamsClient.builder(), config.region(), config.dynamoEndpoint(), interceptors);
    }

    /** Secondary, so a test that registers its own Clock (to step past an expiry) replaces this one. */
    @Singleton
    @io.micronaut.context.annotation.Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
