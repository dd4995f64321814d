package dev.verdict.localkit;

import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A test's own copy of every table in template.yaml, in the JVM's shared engine (SharedDynamo), under a unique prefix, and
 * the environment a function of the template would get pointed at them.
 */
public final class TestTables {

    /** A fixed test key: long enough for the service's minimum, never used outside tests. */
    public static final String SIGNING_KEY = "test-signing-key-0123456789abcdef0123456789";
    public static final String ORIGIN = "http://localhost:3000";

    private final DynamoBackend dynamo;
    private final SamTemplate template;
    private final String prefix;
    private final Map<String, String> names;
    private final DynamoDbClient client;

    private TestTables(DynamoBackend dynamo, SamTemplate template, String prefix, Map<String, String> names, DynamoDbClient client) {
        this.dynamo = dynamo;
        this.template = template;
        this.prefix = prefix;
        this.names = names;
        this.client = client;
    }

    public static TestTables create() {
        DynamoBackend dynamo = SharedDynamo.get();
        SamTemplate template = SamTemplate.load(SamTemplate.locate());
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        DynamoDbClient client = dynamo.client();
        return new TestTables(dynamo, template, prefix, LocalTables.createAll(template, client, prefix), client);
    }

    public DynamoBackend dynamo() {
        return dynamo;
    }

    public SamTemplate template() {
        return template;
    }

    /** A client of the test's own, for arranging and checking data. */
    public DynamoDbClient client() {
        return client;
    }

    /** The local name of the table template.yaml calls {@code logicalId}. */
    public String table(String logicalId) {
        String name = names.get(logicalId);
        if (name == null) {
            throw new IllegalArgumentException("template.yaml declares no table " + logicalId);
        }
        return name;
    }

    /** The environment template.yaml gives {@code functionLogicalId}, resolved against these tables. */
    public Map<String, String> environment(String functionLogicalId, Map<String, String> overrides) {
        Map<String, String> local = SamTemplate.localStandIns(dynamo.endpoint(), SIGNING_KEY, ORIGIN);
        local.putAll(overrides);
        return template.localEnvironment(template.function(functionLogicalId), prefix, local);
    }
}
