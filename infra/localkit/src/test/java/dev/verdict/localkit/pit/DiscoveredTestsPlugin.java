package dev.verdict.localkit.pit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.Filter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.pitest.classinfo.ClassByteArraySource;
import org.pitest.help.PitHelpError;
import org.pitest.testapi.Configuration;
import org.pitest.testapi.TestGroupConfig;
import org.pitest.testapi.TestPluginFactory;
import org.pitest.testapi.TestSuiteFinder;
import org.pitest.testapi.TestUnit;
import org.pitest.testapi.TestUnitFinder;

/**
 * How PIT finds our JUnit 5 tests under {@code -Pmutation}: by JUnit's discovery, which runs no test.
 *
 * <p>pitest-junit5-plugin 1.2.3 finds a class's tests by running them all, and PIT asks for them in every minion it
 * starts, one per mutated class, before the first mutant: each minion ran every test class that reaches its class once,
 * unmutated, and only then began. Measured on votes' run: about 17 s of each minion's 20 s outside its mutants, most
 * of the profile's time. Here a class's tests are its discovered test methods, each parameterized (or other templated)
 * test counting as one test with all its invocations, in both of PIT's phases, so the names coverage records are the
 * names the minions look up. The coverage phase then runs each test once itself, as PIT did before that plugin.
 *
 * <p>Found by PIT's minions through {@code META-INF/services} on the test classpath (this is localkit's test-jar,
 * which every module's tests have), ahead of pitest-junit5-plugin by priority. The normal test run never loads it.
 */
public final class DiscoveredTestsPlugin implements TestPluginFactory {

    /** PIT orders test plugins by ascending priority and asks the first that finds tests; JUnit 5's is 10. */
    static final int PRIORITY = 1;

    @Override
    public Configuration createTestFrameworkConfiguration(TestGroupConfig groups, ClassByteArraySource source,
            Collection<String> excludedRunners, Collection<String> includedTestMethods) {
        return new Configuration() {
            @Override
            public int priority() {
                return PRIORITY;
            }

            @Override
            public TestUnitFinder testUnitFinder() {
                return (testClass, listener) -> discover(testClass, groups);
            }

            @Override
            public TestSuiteFinder testSuiteFinder() {
                return testClass -> List.of();
            }

            @Override
            public Optional<PitHelpError> verifyEnvironment() {
                return Optional.empty();
            }
        };
    }

    /** A class's tests, tag filters applied; none for a nested class, whose tests its enclosing class holds. */
    static List<TestUnit> discover(Class<?> testClass, TestGroupConfig groups) {
        if (testClass.getEnclosingClass() != null) {
            return List.of();
        }
        List<Filter<?>> filters = new ArrayList<>();
        List<String> excluded = named(groups.getExcludedGroups());
        List<String> included = named(groups.getIncludedGroups());
        if (!excluded.isEmpty()) {
            filters.add(TagFilter.excludeTags(excluded));
        }
        if (!included.isEmpty()) {
            filters.add(TagFilter.includeTags(included));
        }
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(testClass))
                .filters(filters.toArray(Filter[]::new))
                .build());
        List<TestUnit> tests = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier node : plan.getDescendants(root)) {
                // Every node from a method: a test method, or a parameterized one (a container whose invocations
                // exist only once it runs).
                if (node.getSource().filter(MethodSource.class::isInstance).isPresent()) {
                    tests.add(new DiscoveredTest(testClass, node.getUniqueId()));
                }
            }
        }
        return tests;
    }

    private static List<String> named(List<String> groups) {
        return groups == null ? List.of() : groups.stream().filter(group -> !group.isEmpty()).toList();
    }

    @Override
    public String name() {
        return "verdict-junit5-discovered";
    }

    @Override
    public String description() {
        return "JUnit 5 tests found by discovery, without running them";
    }
}
