package dev.verdict.votes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.aws.FunctionContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry point for community votes: PUT and DELETE /comparisons/{slug}/votes/{toolId}. */
public class VotesHandler extends MicronautRequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    VotesApi api;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public VotesHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public VotesHandler(ApplicationContextBuilder context) {
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
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return api.routes().handle(event);
    }
}
