package dev.verdict.localkit;

/**
 * One in-memory DynamoDB Local per test JVM: starting it costs about a second, so every test class shares it and keeps
 * to its own tables (a unique prefix) or its own keys.
 */
public final class SharedDynamo {

    private static LocalDynamo instance;

    private SharedDynamo() {
    }

    public static synchronized LocalDynamo get() {
        if (instance == null) {
            instance = LocalDynamo.start(null);
            LocalDynamo started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "dynamodb-local-stop"));
        }
        return instance;
    }
}
