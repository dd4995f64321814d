package dev.verdict.bench.launch;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * The context Lambda passes with each event: only what a handler may read; logs go to stderr. The remaining time counts
 * down from the function's timeout, taken from when the context was made (one context per invocation, as on Lambda).
 */
public record LambdaContext(String functionName, long deadlineMillis) implements Context {

    /** A context for one invocation of a function whose timeout is {@code timeoutMillis}. */
    public static LambdaContext of(String functionName, long timeoutMillis) {
        return new LambdaContext(functionName, System.currentTimeMillis() + timeoutMillis);
    }

    @Override
    public String getAwsRequestId() {
        return "bench";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "bench";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadlineMillis - System.currentTimeMillis()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.err.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.err.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
