package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.core.aws.CurrentInvocation;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;
import java.util.Map;

/** Lambda entry point for the scheduled recompute: recount, repair, and answer with the one-line summary's fields. */
public class RecomputeHandler extends FunctionHandler<ScheduledEvent, Map<String, Object>> {

    @Inject
    Recompute recompute;

    @Inject
    CurrentInvocation invocation;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public RecomputeHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public RecomputeHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        // Without a Lambda context (a direct call) time is not limited.
        var context = invocation.context();
        return recompute.run(() -> context.map(c -> (long) c.getRemainingTimeInMillis()).orElse(Long.MAX_VALUE));
    }
}
