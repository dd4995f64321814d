package dev.verdict.signups;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/** Lambda entry point for POST /subscriptions, GET /subscriptions/confirm, GET and POST /subscriptions/unsubscribe. */
public class SignupsHandler extends FunctionHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    SignupsApi api;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public SignupsHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public SignupsHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return api.routes().handle(event);
    }
}
