package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;

/**
 * Lambda entry point for the votes table's stream. The event type is DynamodbTimeWindowEvent, a DynamodbEvent that
 * also names the shard (Lambda sends it when the mapping has a tumbling window), which scopes the checkpoint. The answer
 * is the window's response: {@code state} (which Lambda requires with a tumbling window) and {@code batchItemFailures}.
 */
public class VoteStreamHandler extends FunctionHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {

    @Inject
    VoteStream stream;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public VoteStreamHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public VoteStreamHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public TimeWindowEventResponse execute(DynamodbTimeWindowEvent event) {
        return stream.handle(event);
    }
}
