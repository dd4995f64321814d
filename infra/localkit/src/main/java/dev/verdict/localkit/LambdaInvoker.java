package dev.verdict.localkit;

/**
 * A function that takes an event as the JSON AWS sends and answers as Lambda's Runtime API does: in-process
 * ({@link LambdaHost}) or a function jar under the official Runtime Interface Client in its own JVM ({@link RicFunction}).
 */
@FunctionalInterface
public interface LambdaInvoker {

    LambdaResult invoke(byte[] event);
}
