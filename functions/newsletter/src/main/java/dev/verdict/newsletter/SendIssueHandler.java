package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.verdict.core.aws.CurrentInvocation;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/** Lambda entry point fed by the newsletter table's stream: one reader's copy per delivery item, failures per record. */
public class SendIssueHandler extends FunctionHandler<DynamodbEvent, StreamsEventResponse> {

    /** Without a Lambda context (a direct call, a test) a claim is leased this long. */
    static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

    @Inject
    IssueDelivery delivery;

    @Inject
    CurrentInvocation invocation;

    @Inject
    Clock clock;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public SendIssueHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public SendIssueHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public StreamsEventResponse execute(DynamodbEvent event) {
        // A claim is held until this invocation's deadline: a retry after a crash or a timeout comes later, so it finds
        // the lease over and sends the copy, while a live invocation is never overtaken.
        var deadline = invocation.context().map(c -> clock.instant().plusMillis(c.getRemainingTimeInMillis()))
                .orElse(clock.instant().plus(DEFAULT_LEASE));
        return delivery.handle(event, deadline);
    }
}
