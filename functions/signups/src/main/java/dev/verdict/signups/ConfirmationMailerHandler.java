package dev.verdict.signups;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.verdict.core.aws.FunctionContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/** Lambda entry point fed by the subscribers table's stream: sends confirmation messages, reporting failures per record. */
public class ConfirmationMailerHandler extends MicronautRequestHandler<DynamodbEvent, StreamsEventResponse> {

    @Inject
    ConfirmationSender sender;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public ConfirmationMailerHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public ConfirmationMailerHandler(ApplicationContextBuilder context) {
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
    public StreamsEventResponse execute(DynamodbEvent event) {
        return sender.handle(event);
    }
}
