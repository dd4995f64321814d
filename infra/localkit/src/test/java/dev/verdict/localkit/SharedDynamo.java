package dev.verdict.localkit;

import org.opentest4j.TestAbortedException;

/**
 * One DynamoDB per test JVM, started on first use and shared by every test class (each keeps to its own tables or keys).
 * By default moto's server as a child process ({@link MotoEngine}); with {@code -Dverdict.backend=localstack}, LocalStack in Docker, and where Docker
 * is not available every test that needs it is skipped, with one printed line saying why.
 */
public final class SharedDynamo {

    public static final String BACKEND_PROPERTY = "verdict.backend";

    private static DynamoBackend instance;
    private static String skipReason;

    private SharedDynamo() {
    }

    public static synchronized DynamoBackend get() {
        if (skipReason != null) {
            throw new TestAbortedException(skipReason);
        }
        if (instance == null) {
            instance = "localstack".equals(System.getProperty(BACKEND_PROPERTY)) ? startLocalStack() : startMoto();
            DynamoBackend started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dynamodb-stop"));
        }
        return instance;
    }

    private static DynamoBackend startMoto() {
        try {
            return MotoEngine.start().onUnexpectedExit(System.err::println);
        } catch (MotoEngine.EngineException e) {
            // One line instead of a stack trace per test: the whole suite fails for this one reason.
            System.err.println("DynamoDB engine: " + e.getMessage());
            throw e;
        }
    }

    private static DynamoBackend startLocalStack() {
        String reason = LocalStackBackend.unavailableReason();
        if (reason != null) {
            skipReason = "LocalStack suite skipped: " + reason + " (Testcontainers needs Docker; the default suite uses moto's server)";
            System.out.println(skipReason);
            throw new TestAbortedException(skipReason);
        }
        return LocalStackBackend.start();
    }
}
