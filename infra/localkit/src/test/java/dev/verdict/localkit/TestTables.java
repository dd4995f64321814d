package dev.verdict.localkit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A test's own copy of every table in template.yaml, in the JVM's shared engine (SharedDynamo), under a unique prefix, and
 * the environment a function of the template would get pointed at them.
 */
public final class TestTables {

    /** A fixed test key: long enough for the service's minimum, never used outside tests. */
    public static final String SIGNING_KEY = "test-signing-key-0123456789abcdef0123456789";
    public static final String ORIGIN = "http://localhost:3000";

    /** Per name given to {@link #prepared}, the prefix of the tables filled once in this JVM, the source of every copy. */
    private static final Map<String, String> PREPARED = new HashMap<>();
    private static final Set<DynamoBackend> COPY_REFUSED = ConcurrentHashMap.newKeySet();
    private static SamTemplate parsedTemplate;

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

    /** Every table of template.yaml, empty. */
    public static TestTables create() {
        return prepared("empty", tables -> { });
    }

    /**
     * Every table of template.yaml holding what {@code fill} writes, as if it had just written it, except for stream
     * records: the tables' streams start empty (as streams turned on after the first items). The first call of a
     * {@code name} in this JVM creates a set of tables and fills it; that set is never handed out, and every call takes
     * a copy of it, one request to the engine instead of a CreateTable per table and a write per item (a test class's
     * set-up went from about 30 requests to 1; under mutation testing each test method pays its class's set-up for
     * every mutant it runs against). One name, one fill: the same name must always mean the same content. Where the
     * engine cannot copy (LocalStack), each call creates its tables and runs {@code fill} on them.
     */
    public static TestTables prepared(String name, Consumer<TestTables> fill) {
        DynamoBackend dynamo = SharedDynamo.get();
        String source;
        synchronized (PREPARED) {
            source = PREPARED.get(name);
            if (source == null && !COPY_REFUSED.contains(dynamo)) {
                TestTables original = createdAndFilled(dynamo, fill);
                source = original.prefix;
                PREPARED.put(name, source);
            }
        }
        if (source != null && !COPY_REFUSED.contains(dynamo)) {
            String prefix = newPrefix();
            if (dynamo.copyTables(source, prefix)) {
                return new TestTables(dynamo, parsedTemplate(), prefix, names(prefix), dynamo.client());
            }
            COPY_REFUSED.add(dynamo);
        }
        return createdAndFilled(dynamo, fill);
    }

    private static TestTables createdAndFilled(DynamoBackend dynamo, Consumer<TestTables> fill) {
        String prefix = newPrefix();
        DynamoDbClient client = dynamo.client();
        TestTables tables = new TestTables(dynamo, parsedTemplate(), prefix, LocalTables.createAll(parsedTemplate(), client, prefix), client);
        fill.accept(tables);
        return tables;
    }

    private static String newPrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** The names {@link LocalTables#createAll} gives the template's tables under {@code prefix}. */
    private static Map<String, String> names(String prefix) {
        Map<String, String> names = new LinkedHashMap<>();
        parsedTemplate().tables().forEach(table -> names.put(table.logicalId(), prefix + table.logicalId()));
        return names;
    }

    /** template.yaml, parsed once per JVM (tens of milliseconds a parse, once per test before). */
    private static synchronized SamTemplate parsedTemplate() {
        if (parsedTemplate == null) {
            parsedTemplate = SamTemplate.load(SamTemplate.locate());
        }
        return parsedTemplate;
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
