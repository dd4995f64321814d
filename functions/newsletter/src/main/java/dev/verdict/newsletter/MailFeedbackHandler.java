package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import dev.verdict.core.aws.FunctionContexts;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;
import java.util.Map;

/** Lambda entry point subscribed to the mail feedback topic: SES's bounces and complaints suppress addresses. */
public class MailFeedbackHandler extends MicronautRequestHandler<SNSEvent, Map<String, Integer>> {

    @Inject
    MailFeedback feedback;

    /** Used by Lambda: configuration comes from the function's environment variables. */
    public MailFeedbackHandler() {
    }

    /** Used by the local stack and tests: the same environment, given as properties. */
    public MailFeedbackHandler(ApplicationContextBuilder context) {
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
    public Map<String, Integer> execute(SNSEvent event) {
        return feedback.handle(event);
    }
}
