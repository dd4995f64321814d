package dev.verdict.signups;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/** Lambda entry point fed by the subscribers table's stream: sends confirmation messages, reporting failures per record. */
public class ConfirmationMailerHandler extends FunctionHandler<DynamodbEvent, StreamsEventResponse> {

    @Inject
    ConfirmationSender sender;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public ConfirmationMailerHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public ConfirmationMailerHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        return sender.handle(event);
    }
}
