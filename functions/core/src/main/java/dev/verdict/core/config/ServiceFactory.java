package dev.verdict.core.config;

import dev.verdict.core.http.Cors;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Builds the beans every function may share, once per container, each from the settings it needs; all are lazy, so a
 * function reads only the settings of the beans its handler reaches.
 */
@Factory
public class ServiceFactory {

    /** The site's origin (ALLOWED_ORIGIN), the one CORS lets in: only the HTTP functions ask for it. */
    public static final String ALLOWED_ORIGIN = "ALLOWED_ORIGIN";

    @Singleton
    AwsSettings awsSettings(Settings settings) {
        return AwsSettings.from(settings);
    }

    @Singleton
    Cors cors(Settings settings) {
        return new Cors(settings.require(ALLOWED_ORIGIN));
    }

    @Singleton
    SiteUrl siteUrl(Settings settings) {
        return SiteUrl.from(settings);
    }

    /** One client per container, built as {@link AwsClients} builds every client. */
    @Singleton
    DynamoDbClient dynamoDbClient(AwsSettings aws, List<ExecutionInterceptor> interceptors) {
        return dynamoDbClient(aws, interceptors.toArray(ExecutionInterceptor[]::new));
    }

    public static DynamoDbClient dynamoDbClient(AwsSettings aws, ExecutionInterceptor... interceptors) {
        return AwsClients.build(DynamoDbClient.builder(), aws.region(), aws.dynamoEndpoint(), interceptors);
    }

    /**
     * The DynamoDB Streams client; only a function that reads a stream itself (not through Lambda's event source
     * mapping) needs one, and registers it as a bean of its own.
     */
    public static DynamoDbStreamsClient dynamoDbStreamsClient(AwsSettings aws, ExecutionInterceptor... interceptors) {
        return AwsClients.build(DynamoDbStreamsClient.builder(), aws.region(), aws.dynamoEndpoint(), interceptors);
    }

    /** Secondary, so a test that registers its own Clock (to step past an expiry) replaces this one. */
    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
