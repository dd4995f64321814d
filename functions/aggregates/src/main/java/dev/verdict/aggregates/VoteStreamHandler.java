package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import dev.verdict.core.aws.FunctionContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * Lambda entry point for the votes table's stream. The event type is DynamodbTimeWindowEvent, a DynamodbEvent that
 * also names the shard (Lambda sends it when the mapping has a tumbling window), which scopes the checkpoint. The answer
 * is the window's response: {@code state} (which Lambda requires with a tumbling window) and {@code batchItemFailures}.
 */
public class VoteStreamHandler extends MicronautRequestHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {

    @Inject
    VoteStream stream;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public VoteStreamHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public VoteStreamHandler(ApplicationContextBuilder context) {
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
    public TimeWindowEventResponse execute(DynamodbTimeWindowEvent event) {
        return stream.handle(event);
    }
}
