package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each function's bare twin (the cold-start reference it is divided by) makes the function's DynamoDB calls: both
 * started under the runtime interface client from their deployable jars, against the engine through the recorder.
 * Runs after the package phase (the twins' jar is built there); a function without a twin fails here, so a new
 * function cannot be measured against a reference that does less than it does.
 */
class TwinCallsTest {

    private static BenchStack stack;
    private static ColdStarts cold;

    @BeforeAll
    static void start() {
        stack = BenchStack.start();
        Bench.giveRecomputeItsOwnTables(stack, 100, System.out);
        cold = new ColdStarts(stack, System.out, List.of());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @TestFactory
    List<DynamicTest> everyFunctionsTwinMakesItsDynamoDbCalls() {
        List<ColdStarts.Target> functions = cold.functionTargets();
        assertThat(functions).hasSizeGreaterThanOrEqualTo(10);
        return functions.stream().map(function -> DynamicTest.dynamicTest(function.name(), () -> {
            ColdStarts.Target twin = cold.twinOf(function).orElseThrow(() ->
                    new AssertionError("no twin for " + function.name() + " in infra/bench's baseline jar"));
            try (DynamoCallRecorder recorder = DynamoCallRecorder.start(stack.dynamo().endpoint())) {
                // A first start settles what the seed left (the recompute's first run repairs its trending buckets).
                cold.calls(function, recorder);

                ColdStarts.TwinCheck check = cold.checkTwin(function, twin, recorder);

                assertThat(check.twin()).as(twin.name()).isEqualTo(check.function());
            }
        })).toList();
    }
}
