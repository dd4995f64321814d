package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.aws.SnapStartPriming;
import dev.verdict.core.config.Settings;
import dev.verdict.core.store.CatalogueReads;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

class SnapStartPrimingTest {

    @Test
    void isBuiltAtStartupAndSendsOneRealRequestBeforeTheCheckpoint() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.request().getClass().getSimpleName());
            }
        };
        var tables = TestTables.create();
        try (var context = ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("ComparisonsFunction", Map.of())))
                .singletons(recorder)
                .start()) {
            // Eager: it exists without anyone asking for it, as it must to be registered before a snapshot.
            SnapStartPriming priming = context.getBean(SnapStartPriming.class);
            // What the comparisons handler's INIT builds: its table, where the priming request then goes.
            context.getBean(CatalogueReads.class);
            assertThat(sent).isEmpty();

            priming.beforeCheckpoint(null);

            assertThat(sent).containsExactly("GetItemRequest");
        }
    }

    @Test
    void primesATableKeyedOnPkAloneWithTheShorterKey() throws Exception {
        List<String> failed = new CopyOnWriteArrayList<>();
        List<String> answered = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                answered.add(context.response().getClass().getSimpleName());
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                failed.add(context.exception().getClass().getSimpleName());
            }
        };
        var tables = TestTables.create();
        try (var context = ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("SignupsFunction", Map.of())))
                .singletons(recorder)
                .start()) {
            SnapStartPriming priming = context.getBean(SnapStartPriming.class);
            // The signups function's first table, keyed on pk alone.
            context.getBean(dev.verdict.core.store.FixedWindowCounters.class);

            priming.beforeCheckpoint(null);

            // The first request's key shape refused, the second answered: nothing failed in the end.
            assertThat(failed).containsExactly("DynamoDbException");
            assertThat(answered).containsExactly("GetItemResponse");
        }
    }
}
