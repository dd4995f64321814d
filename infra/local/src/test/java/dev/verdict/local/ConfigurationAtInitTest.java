package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.localkit.RicFunction;
import dev.verdict.localkit.TestTables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A function whose environment disagrees with its code, started as Lambda starts it (its deployable jar under the
 * official Runtime Interface Client, as in {@link LambdaRuntimeTest}): INIT fails, the failure Lambda records names
 * the variable, and the function's output says so in one line, without a stack trace. Each setting is read from the
 * environment at INIT, so this holds whatever a build step precomputed.
 */
class ConfigurationAtInitTest {

    static final String FUNCTION = "VotesFunction";

    static TestTables tables;

    @BeforeAll
    static void engine() {
        tables = TestTables.create();
    }

    @Test
    void aMalformedNumberFailsInitNamingTheVariable() {
        Map<String, String> environment = environment();
        environment.put("VOTE_CHANGE_INTERVAL_SECONDS", "abc");

        assertInitFails(environment, "VOTE_CHANGE_INTERVAL_SECONDS", "VOTE_CHANGE_INTERVAL_SECONDS must be a positive whole number");
    }

    @Test
    void aMissingVariableFailsInitNamingIt() {
        Map<String, String> environment = environment();
        assertThat(environment.remove("VOTES_TABLE")).as("template.yaml gives %s a VOTES_TABLE", FUNCTION).isNotNull();

        assertInitFails(environment, "VOTES_TABLE", "missing configuration: VOTES_TABLE");
    }

    static Map<String, String> environment() {
        return new LinkedHashMap<>(tables.environment(FUNCTION, Map.of()));
    }

    static void assertInitFails(Map<String, String> environment, String variable, String message) {
        FunctionSpec spec = tables.template().function(FUNCTION);
        try (RicFunction function = RicFunction.start(new RicFunction.Launch(FUNCTION, spec.handler(),
                TemplateContractTest.ROOT.resolve(spec.codeUri()), environment, tables.template().memorySize(spec),
                Duration.ofSeconds(10), false, List.of()))) {
            assertThatThrownBy(() -> function.awaitInit(LambdaRuntimeTest.INIT_LIMIT)).hasMessageContaining("failed INIT");
            LambdaResult failure = function.runtimeApi().fatal();
            assertThat(failure).as("INIT's error, as the runtime reported it").isNotNull();
            assertThat(failure.errorMessage()).isEqualTo(message);

            List<String> output = everyLine(function);
            assertThat(output.stream().filter(line -> line.contains(variable)))
                    .as("lines naming %s in:%n%s", variable, String.join("\n", output)).hasSize(1).first().asString().contains(message);
            assertThat(output).as("no stack trace").noneMatch(line -> line.startsWith("\tat ") || line.contains("\\tat "));
        }
    }

    /** What the function printed, once it has exited (the runtime ends the process after reporting INIT's failure). */
    static List<String> everyLine(RicFunction function) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (function.isAlive() && System.nanoTime() < deadline) {
            sleep(50);
        }
        sleep(300); // the last lines reach us a moment after the exit
        return function.lastLog(2000);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
