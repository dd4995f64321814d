package dev.verdict.votes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/** Lambda entry point for creating voters: GET /voters/challenge and POST /voters. */
public class VotersHandler extends FunctionHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    VotersApi api;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public VotersHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public VotersHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return api.routes().handle(event);
    }
}
