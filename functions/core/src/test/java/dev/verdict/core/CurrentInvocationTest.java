package dev.verdict.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.aws.CurrentInvocation;
import dev.verdict.core.config.Settings;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.DiagnosticInfoPopulator;
import io.micronaut.function.aws.LambdaContextFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrentInvocationTest {

    @Test
    void replacesMicronautsPerInvocationBeanRegistrationWithAReference() {
        var tables = TestTables.create();
        try (var context = ApplicationContext.builder()
                .properties(Settings.asProperties(tables.environment("ComparisonsFunction", Map.of())))
                .start()) {
            LambdaContextFactory factory = context.getBean(LambdaContextFactory.class);
            DiagnosticInfoPopulator diagnostics = context.getBean(DiagnosticInfoPopulator.class);

            assertThat(factory).isInstanceOf(CurrentInvocation.class);
            assertThat(diagnostics.getClass().getSimpleName()).isEqualTo("NoDiagnosticContext");
            assertThat(((CurrentInvocation) factory).context()).isEmpty();
        }
    }
}
