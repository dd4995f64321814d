package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The Lambda context of one invocation off AWS (the local stack, tests): a function name, a request id, and the time
 * left, which a test may script to run short.
 */
public record LocalLambdaContext(String functionName, String awsRequestId, IntSupplier remainingMillis) implements Context {

    /** An invocation of {@code functionName} that has {@code timeout} from now, as the function's Timeout gives it. */
    public static LocalLambdaContext startingNow(String functionName, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        return new LocalLambdaContext(functionName, UUID.randomUUID().toString(),
                () -> (int) Math.max(0, deadline - System.currentTimeMillis()));
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
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
        return remainingMillis.getAsInt();
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
                System.out.print(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
