package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.verdict.core.aws.FunctionHandler;
import io.micronaut.context.ApplicationContextBuilder;
import jakarta.inject.Inject;
import java.util.Map;

/** Lambda entry point subscribed to the mail feedback topic: SES's bounces and complaints suppress addresses. */
public class MailFeedbackHandler extends FunctionHandler<SNSEvent, Map<String, Integer>> {

    @Inject
    MailFeedback feedback;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public MailFeedbackHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public MailFeedbackHandler(ApplicationContextBuilder context) {
        super(context);
    }

    @Override
    public Map<String, Integer> execute(SNSEvent event) {
        return feedback.handle(event);
    }
}
