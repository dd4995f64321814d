package dev.verdict.signups;

import dev.verdict.core.json.Json;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The cloud's {@link MailFailures}: one message on the SignupMailFailures queue per refused confirmation. */
public final class SqsMailFailures implements MailFailures {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsMailFailures(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void report(Failure failure) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(Json.write(failure)));
    }
}
