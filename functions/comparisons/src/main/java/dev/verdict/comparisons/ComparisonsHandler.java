package dev.verdict.comparisons;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/** Lambda entry point for the public reads: GET /comparisons, /comparisons/{slug}, /tools/{id}, and the
 * API's contract, GET /openapi.json. */
public class ComparisonsHandler extends FunctionHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    ComparisonsApi api;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public ComparisonsHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public ComparisonsHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return api.routes().handle(event);
    }
}
