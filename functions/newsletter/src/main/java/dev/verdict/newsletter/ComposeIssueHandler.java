package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/** Lambda entry point for the weekly schedule: composes and stores the issue of the week just ended. */
public class ComposeIssueHandler extends FunctionHandler<ScheduledEvent, Map<String, Object>> {

    @Inject
    IssueCompose compose;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public ComposeIssueHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public ComposeIssueHandler(ApplicationContextBuilder context) {
        super(context);
    }

    /** The week is the one before the schedule's firing time, when the event has one. */
    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        return event == null || event.getTime() == null ? compose.run()
                : compose.run(Instant.ofEpochMilli(event.getTime().getMillis()));
    }
}
