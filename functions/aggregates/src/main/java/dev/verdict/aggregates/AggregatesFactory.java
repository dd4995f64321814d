package dev.verdict.aggregates;

import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.config.ServiceFactory;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The recompute reads the votes stream itself (to cut its recount consistently), so it needs a streams client. */
@Factory
public class AggregatesFactory {

    @Singleton
    DynamoDbStreamsClient dynamoDbStreamsClient(ServiceConfig config, List<ExecutionInterceptor> interceptors) {
        return ServiceFactory.dynamoDbStreamsClient(config, interceptors.toArray(ExecutionInterceptor[]::new));
    }
}
