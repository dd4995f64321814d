package dev.verdict.localkit.pit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pitest.testapi.Configuration;
import org.pitest.testapi.Description;
import org.pitest.testapi.ResultCollector;
import org.pitest.testapi.TestGroupConfig;
import org.pitest.testapi.TestPluginFactory;
import org.pitest.testapi.TestUnit;

class DiscoveredTestsPluginTest {

    static final TestGroupConfig WITHOUT_LONG = new TestGroupConfig(List.of("long"), List.of());

    @BeforeEach
    @AfterEach
    void reset() {
        PluginSampleCases.RUNS.set(0);
        PluginSampleCases.failing = false;
    }

    @Test
    void findsEachTestMethodAndEachParameterizedTestAsOneWithoutRunningAny() {
        List<TestUnit> tests = DiscoveredTestsPlugin.discover(PluginSampleCases.class, WITHOUT_LONG);

        assertThat(tests).extracting(test -> test.getDescription().getName()).containsExactlyInAnyOrder(
                "[engine:junit-jupiter]/[class:dev.verdict.localkit.pit.PluginSampleCases]/[method:plain()]",
                "[engine:junit-jupiter]/[class:dev.verdict.localkit.pit.PluginSampleCases]/[test-template:parameterized(int)]",
                "[engine:junit-jupiter]/[class:dev.verdict.localkit.pit.PluginSampleCases]/[method:assumptionNotMet()]");
        assertThat(PluginSampleCases.RUNS).hasValue(0);
    }

    @Test
    void keepsToTheIncludedTagsWhenSomeAreNamed() {
        List<TestUnit> tests = DiscoveredTestsPlugin.discover(PluginSampleCases.class,
                new TestGroupConfig(List.of(), List.of("long")));

        assertThat(tests).extracting(test -> test.getDescription().getName())
                .containsExactly("[engine:junit-jupiter]/[class:dev.verdict.localkit.pit.PluginSampleCases]/[method:taggedLong()]");
    }

    @Test
    void findsNothingInANestedClassWhoseEnclosingClassHoldsItsTests() {
        assertThat(DiscoveredTestsPlugin.discover(Nested.class, WITHOUT_LONG)).isEmpty();
    }

    @Test
    void runsAParameterizedTestsEveryInvocationAsOneTestThatPasses() {
        Outcome outcome = run("parameterized");

        assertThat(PluginSampleCases.RUNS).hasValue(3);
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.ended()).containsExactly(outcome.started().getFirst());
    }

    @Test
    void failsWhenOneInvocationOfAParameterizedTestFails() {
        PluginSampleCases.failing = true;

        Outcome outcome = run("parameterized");

        assertThat(outcome.failures()).singleElement().satisfies(failure ->
                assertThat(failure).hasMessage("the second invocation failing as asked"));
    }

    @Test
    void failsWithTheTestsOwnErrorWhenATestMethodFails() {
        PluginSampleCases.failing = true;

        Outcome outcome = run("plain");

        assertThat(PluginSampleCases.RUNS).hasValue(1);
        assertThat(outcome.failures()).singleElement().satisfies(failure ->
                assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("failing as asked"));
    }

    @Test
    void passesATestWhoseAssumptionIsNotMetAsPitestJunit5PluginDoes() {
        Outcome outcome = run("assumptionNotMet");

        assertThat(PluginSampleCases.RUNS).hasValue(1);
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.ended()).hasSize(1);
    }

    @Test
    void isFoundByPitsServiceLoaderAheadOfJunit5sPlugin() {
        List<Configuration> found = new ArrayList<>();
        for (TestPluginFactory factory : ServiceLoader.load(TestPluginFactory.class)) {
            found.add(factory.createTestFrameworkConfiguration(WITHOUT_LONG, null, List.of(), List.of()));
        }

        assertThat(found).anySatisfy(configuration -> {
            assertThat(configuration.priority()).isLessThan(Configuration.DEFAULT_PRIORITY);
            assertThat(configuration.verifyEnvironment()).isEmpty();
            assertThat(configuration.testUnitFinder().findTestUnits(PluginSampleCases.class, null)).hasSize(3);
        });
    }

    private static Outcome run(String method) {
        TestUnit test = DiscoveredTestsPlugin.discover(PluginSampleCases.class, WITHOUT_LONG).stream()
                .filter(unit -> unit.getDescription().getName().contains(":" + method + "("))
                .findFirst().orElseThrow();
        Outcome outcome = new Outcome(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        test.execute(outcome);
        return outcome;
    }

    /** What a test told PIT: the descriptions it started and ended, and the failures it ended with. */
    record Outcome(List<Description> started, List<Description> ended, List<Throwable> failures)
            implements ResultCollector {
        @Override
        public void notifyStart(Description description) {
            started.add(description);
        }

        @Override
        public void notifyEnd(Description description) {
            ended.add(description);
        }

        @Override
        public void notifyEnd(Description description, Throwable failure) {
            ended.add(description);
            failures.add(failure);
        }

        @Override
        public void notifySkipped(Description description) {
            throw new AssertionError("no test is skipped here: " + description);
        }

        @Override
        public boolean shouldExit() {
            return false;
        }
    }

    static class Nested {
        @Test
        void inside() {
        }
    }
}
