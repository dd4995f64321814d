package dev.verdict.votes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/** Lambda entry point for community votes: PUT and DELETE /comparisons/{slug}/votes/{toolId}. */
public class VotesHandler extends FunctionHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    VotesApi api;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public VotesHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public VotesHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return api.routes().handle(event);
    }
}
