package dev.verdict.localkit.pit;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.pitest.testapi.AbstractTestUnit;
import org.pitest.testapi.Description;
import org.pitest.testapi.ResultCollector;

/**
 * One test as PIT runs it: a test method, or a parameterized test with all its invocations, selected by JUnit's unique
 * id. It fails when anything it runs fails (a test, an invocation, or the class's set-up around them); an aborted
 * test (an assumption not met) passes, as pitest-junit5-plugin counts it.
 */
final class DiscoveredTest extends AbstractTestUnit {

    private final String uniqueId;

    DiscoveredTest(Class<?> testClass, String uniqueId) {
        super(new Description(uniqueId, testClass));
        this.uniqueId = uniqueId;
    }

    @Override
    public void execute(ResultCollector results) {
        results.notifyStart(getDescription());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LauncherFactory.create().execute(
                LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectUniqueId(uniqueId)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier node, TestExecutionResult result) {
                        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            failure.compareAndSet(null, result.getThrowable()
                                    .orElseGet(() -> new AssertionError(node.getUniqueId() + " failed")));
                        }
                    }
                });
        if (failure.get() == null) {
            results.notifyEnd(getDescription());
        } else {
            results.notifyEnd(getDescription(), failure.get());
        }
    }

    @Override
    public String toString() {
        return "DiscoveredTest " + uniqueId;
    }
}
