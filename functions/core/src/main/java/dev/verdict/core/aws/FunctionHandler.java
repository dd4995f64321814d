package dev.verdict.core.aws;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;

/**
 * Every function's handler: micronaut-function-aws's request handler, its context built on Lambda as
 * {@link FunctionContexts} says (only the beans the handler injects, so only its own function's settings; a missing or
 * malformed setting ends INIT as one line naming it). A handler adds its injected fields and {@code execute}.
 */
public abstract class FunctionHandler<I, O> extends MicronautRequestHandler<I, O> {

    /** Used by Lambda: configuration comes from the function's environment variables. */
    protected FunctionHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    protected FunctionHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return FunctionContexts.onlyWhatTheHandlerInjects();
    }

    @Override
    protected ApplicationContext buildApplicationContext(Context context) {
        return FunctionContexts.started(this, () -> super.buildApplicationContext(context));
    }
}
