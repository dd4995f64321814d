package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/** Lambda entry point for the scheduled recompute: recount, repair, and answer with the one-line summary's fields. */
public class RecomputeHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {

    @Inject
    Recompute recompute;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public RecomputeHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public RecomputeHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        // Micronaut registers the invocation's Context as a bean; without one (a direct call) time is not limited.
        var context = getApplicationContext().findBean(Context.class);
        return recompute.run(() -> context.map(c -> (long) c.getRemainingTimeInMillis()).orElse(Long.MAX_VALUE));
    }
}
