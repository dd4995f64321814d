package dev.verdict.aggregates;

import dev.verdict.core.config.AwsSettings;
import dev.verdict.core.config.Settings;
import dev.verdict.core.config.ServiceFactory;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The recompute reads the votes stream itself (to cut its recount consistently), so it needs a streams client. */
@Factory
public class AggregatesFactory {

    /** Items per page of the recompute's scan (1,000 by default); tests set a small page to cross page boundaries. */
    public static final String RECOMPUTE_PAGE_SIZE = "RECOMPUTE_PAGE_SIZE";

    @Singleton
    Recompute.PageSize recomputePageSize(Settings settings) {
        return new Recompute.PageSize(settings.positive(RECOMPUTE_PAGE_SIZE, 1000));
    }

    @Singleton
    DynamoDbStreamsClient dynamoDbStreamsClient(AwsSettings aws, List<ExecutionInterceptor> interceptors) {
        return ServiceFactory.dynamoDbStreamsClient(aws, interceptors.toArray(ExecutionInterceptor[]::new));
    }
}
