package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/** Lambda entry point for GET /newsletter/issues and GET /newsletter/issues/{id}. */
public class ArchiveHandler extends FunctionHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Inject
    ArchiveApi api;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public ArchiveHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public ArchiveHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public APIGatewayV2HTTPResponse execute(APIGatewayV2HTTPEvent event) {
        return api.routes().handle(event);
    }
}
