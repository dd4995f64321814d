package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.verdict.bench.launch.ColdLauncher;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every function template.yaml declares starts the way Lambda starts it (its deployable jar alone, its template
 * environment as real variables, the no-arg constructor with Micronaut's eager init) and answers its representative
 * event. Handler tests build handlers through the ApplicationContextBuilder constructor instead, so an INIT that only
 * fails on Lambda's path (a bean that eager init needs and nothing provides) passes them; this catches it.
 */
class LambdaPathStartTest {

    @Test
    void everyFunctionStartsFromItsOwnJarAndAnswersItsFirstEvent() throws Exception {
        try (BenchStack stack = BenchStack.start()) {
            Bench.giveRecomputeItsOwnTables(stack, 100, System.out);
            ColdStarts cold = new ColdStarts(stack, System.out, List.of());
            List<ColdStarts.Target> functions = cold.functionTargets();
            assumeTrue(functions.size() == stack.template().functions().size(),
                    "every function's deployable jar is built by mvn package (run mvn verify, not just the tests)");
            // The launcher's classes as the build left them (its jar is made after the tests).
            Path launcher = Path.of(ColdLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());

            for (ColdStarts.Target function : functions) {
                // runOnce refuses a child that prints no result or answers anything but success.
                ColdStarts.Sample sample = cold.runOnce(function, launcher, 1);

                assertThat(sample.jvmToResponseMs()).as(function.name()).isPositive();
                assertThat(sample.classes()).as(function.name()).isGreaterThan(1_000);
            }
        }
    }
}
