package dev.verdict.bench;

import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.signing.Signer;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LocalTables;
import dev.verdict.localkit.MotoEngine;
import dev.verdict.localkit.SamTemplate;
import dev.verdict.localkit.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every benchmark runs against: the DynamoDB engine (moto's server, a child process) on a loopback port, the tables template.yaml
 * declares, the shipped catalogue loaded, and each function's environment resolved from template.yaml against them.
 */
final class BenchStack implements AutoCloseable {

    static final String ORIGIN = "http://localhost:3000";

    private final Path root;
    private final MotoEngine dynamo;
    private final SamTemplate template;
    private final String prefix;
    private final Map<String, String> tables;
    private final DynamoDbClient client;
    private final String signingKey;
    private final Path dataDir;
    private final Map<String, String> prefixes = new java.util.concurrent.ConcurrentHashMap<>();

    private BenchStack(Path root, MotoEngine dynamo, SamTemplate template, String prefix, Map<String, String> tables,
                       DynamoDbClient client, String signingKey, Path dataDir) {
        this.root = root;
        this.dynamo = dynamo;
        this.template = template;
        this.prefix = prefix;
        this.tables = tables;
        this.client = client;
        this.signingKey = signingKey;
        this.dataDir = dataDir;
    }

    static BenchStack start() {
        Path templateFile = SamTemplate.locate();
        SamTemplate template = SamTemplate.load(templateFile);
        MotoEngine dynamo = MotoEngine.start();
        DynamoDbClient client = dynamo.client();
        String prefix = "bench-";
        Map<String, String> tables = LocalTables.createAll(template, client, prefix);
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        String signingKey = HexFormat.of().formatHex(key);
        new ContentLoader(new CatalogueWriter(client, tables.get("ContentTable"))).load(CatalogueReader.fromClasspath());
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("verdict-bench-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BenchStack(templateFile.getParent(), dynamo, template, prefix, tables, client, signingKey, dataDir);
    }

    Path root() {
        return root;
    }

    SamTemplate template() {
        return template;
    }

    DynamoDbClient client() {
        return client;
    }

    MotoEngine dynamo() {
        return dynamo;
    }

    /** Signs as the functions do (voter cookies for sample votes). */
    Signer signer() {
        return new Signer(signingKey);
    }

    String table(String logicalId) {
        return tables.get(logicalId);
    }

    /** The environment template.yaml gives the function, pointed at this stack (as the local stack does it). */
    Map<String, String> environment(FunctionSpec function) {
        return environment(function, prefixes.getOrDefault(function.logicalId(), prefix));
    }

    /** Points {@code function} (cold starts, warm calls) at the tables under {@code tablePrefix} instead. */
    void useTables(FunctionSpec function, String tablePrefix) {
        prefixes.put(function.logicalId(), tablePrefix);
    }

    /** The function's Timeout (its own, else Globals), as the remaining time Lambda's context counts down from. */
    static long timeoutMillis(SamTemplate template, FunctionSpec function) {
        Object own = function.properties().get("Timeout");
        Object global = template.root().get("Globals") instanceof Map<?, ?> g && g.get("Function") instanceof Map<?, ?> f
                ? f.get("Timeout") : null;
        Object seconds = own != null ? own : global != null ? global : 3;
        return ((Number) seconds).longValue() * 1000;
    }

    /** Another full set of the template's tables, under {@code prefix}, empty (for benchmarks that need their own). */
    void createTables(String prefix) {
        LocalTables.createAll(template, client, prefix);
    }

    /**
     * The same without streams: for seeding a large table that nothing reads the stream of (the engine writes every
     * stream record too, which roughly doubles the cost of a seed).
     */
    void createTablesWithoutStreams(String prefix) {
        for (TableSpec table : template.tables()) {
            Map<String, Object> properties = new LinkedHashMap<>(table.properties());
            properties.remove("StreamSpecification");
            new TableSpec(table.logicalId(), properties).create(client, prefix + table.logicalId());
        }
    }

    /**
     * The function's environment pointed at the tables created under {@code tablePrefix}; mail goes to an outbox under
     * a data directory of the bench's own, as the local stack sends it (the confirmation mailer needs somewhere for
     * refused mail off AWS, or it refuses to start without its queue).
     */
    Map<String, String> environment(FunctionSpec function, String tablePrefix) {
        Map<String, String> local = new LinkedHashMap<>(SamTemplate.localStandIns(dynamo.endpoint(), signingKey, ORIGIN));
        local.put("MAIL_SENDER", "outbox");
        local.put("DATA_DIR", dataDir.toString());
        return template.localEnvironment(function, tablePrefix, local);
    }

    @Override
    public void close() {
        client.close();
        dynamo.close();
    }
}
