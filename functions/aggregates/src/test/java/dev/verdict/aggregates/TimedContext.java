package dev.verdict.aggregates;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda invocation context whose time runs out after a number of looks at the clock. */
final class TimedContext implements Context {

    private final java.util.concurrent.atomic.AtomicInteger looksLeft;

    TimedContext(int looksBeforeTimeRunsShort) {
        this.looksLeft = new java.util.concurrent.atomic.AtomicInteger(looksBeforeTimeRunsShort);
    }

    @Override
    public int getRemainingTimeInMillis() {
        return looksLeft.getAndDecrement() > 0 ? 60_000 : 500;
    }

    @Override
    public String getAwsRequestId() {
        return "test";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/RecomputeFunction";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "RecomputeFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:RecomputeFunction";
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
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
