package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.aws.SnapStartPriming;
import dev.verdict.core.config.Settings;
import dev.verdict.core.store.ContentTable;
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
    void isRegisteredAtStartupAndSendsOneRealRequestBeforeTheCheckpoint() throws Exception {
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
            context.getBean(ContentTable.class);
            assertThat(sent).isEmpty();

            priming.beforeCheckpoint(null);

            assertThat(sent).containsExactly("GetItemRequest");
        }
    }
}
