package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.core.aws.CurrentInvocation;
import dev.verdict.core.aws.FunctionContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/** Lambda entry point for the scheduled recompute: recount, repair, and answer with the one-line summary's fields. */
public class RecomputeHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {

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

    /** On Lambda: only this handler's beans, and so only this function's settings (see FunctionContexts). */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionContexts.onlyWhatTheHandlerInjects();
    }

    /** On Lambda: a missing or malformed setting fails INIT as one line naming it (see FunctionContexts). */
    @Override
    protected ApplicationContext buildApplicationContext(com.amazonaws.services.lambda.runtime.Context context) {
        return FunctionContexts.started(this, () -> super.buildApplicationContext(context));
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        // Without a Lambda context (a direct call) time is not limited.
        var context = invocation.context();
        return recompute.run(() -> context.map(c -> (long) c.getRemainingTimeInMillis()).orElse(Long.MAX_VALUE));
    }
}
