package dev.verdict.local;

import dev.verdict.content.CatalogueReader;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.store.ContentTable;
import dev.verdict.core.store.CursorCodec;
import dev.verdict.core.store.Signer;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LocalDynamo;
import dev.verdict.localkit.LocalTables;
import dev.verdict.localkit.SamTemplate;
import dev.verdict.localkit.StreamPoller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole service on a laptop: DynamoDB Local in this process, the tables and functions of template.yaml, the
 * catalogue loaded, and the site and API on one port.
 *
 * <pre>java -jar infra/local/target/local-stack.jar [--data-dir DIR | --in-memory] [--port N] [--site DIR] [--template FILE]</pre>
 */
public final class LocalStack implements AutoCloseable {

    /** What the stack is started with; {@code port} 0 picks a free port (tests). */
    public record Options(Path dataDir, boolean inMemory, int port, Path siteDir, Path template, long recomputeEverySeconds) {

        /** Scheduled functions fire every {@code recomputeEverySeconds} locally (default a minute). */
        public static final long DEFAULT_RECOMPUTE_EVERY_SECONDS = 60;

        public Options(Path dataDir, boolean inMemory, int port, Path siteDir, Path template) {
            this(dataDir, inMemory, port, siteDir, template, DEFAULT_RECOMPUTE_EVERY_SECONDS);
        }

        static Options parse(String[] args) {
            Path dataDir = Path.of(".local-data");
            boolean inMemory = false;
            int port = System.getenv("PORT") == null ? 3000 : Integer.parseInt(System.getenv("PORT"));
            Path site = Files.isDirectory(Path.of("infra/site")) ? Path.of("infra/site") : null;
            Path template = Files.exists(Path.of("template.yaml")) ? Path.of("template.yaml") : null;
            long recomputeEvery = DEFAULT_RECOMPUTE_EVERY_SECONDS;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                    case "--in-memory" -> inMemory = true;
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--site" -> site = Path.of(value(args, ++i));
                    case "--template" -> template = Path.of(value(args, ++i));
                    case "--recompute-every" -> recomputeEvery = Long.parseLong(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "\nusage: java -jar local-stack.jar [--data-dir DIR | --in-memory] [--port N] [--site DIR] [--template FILE] [--recompute-every SECONDS]");
                }
            }
            return new Options(dataDir, inMemory, port, site, template, recomputeEvery);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }
    }

    private final LocalDynamo dynamo;
    private final FrontDoor frontDoor;
    private final List<FunctionHost> functions;
    private final List<AutoCloseable> extras;
    /** What the functions are given as DATA_DIR (a fresh temporary directory when nothing is kept). */
    private Path dataDir;

    private LocalStack(LocalDynamo dynamo, FrontDoor frontDoor, List<FunctionHost> functions, List<AutoCloseable> extras) {
        this.dynamo = dynamo;
        this.frontDoor = frontDoor;
        this.functions = functions;
        this.extras = extras;
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        LocalStack stack = start(Options.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        System.out.printf("Verdict local stack ready in %.1f s on %s (Ctrl-C stops it)%n",
                (System.nanoTime() - started) / 1e9, stack.url());
        Thread.currentThread().join();
    }

    public static LocalStack start(Options options) throws IOException {
        SamTemplate template = SamTemplate.load(options.template() != null ? options.template() : bundledTemplate());
        Path dataDir = options.inMemory() ? null : options.dataDir().toAbsolutePath();
        LocalDynamo dynamo = LocalDynamo.start(dataDir == null ? null : dataDir.resolve("dynamodb"));
        DynamoDbClient client = dynamo.client();
        Map<String, String> tables = LocalTables.createAll(template, client, "");

        String signingKey = signingKey(dataDir);
        RouteTable routes = new RouteTable();
        SiteFiles site = new SiteFiles(options.siteDir() == null ? null : options.siteDir().toAbsolutePath());
        FrontDoor frontDoor = new FrontDoor(options.port(), routes, site);
        String origin = "http://localhost:" + frontDoor.port();

        Map<String, String> localValues = SamTemplate.localStandIns(dynamo.endpoint(), signingKey, origin);
        Path functionData = dataDir == null ? tempDataDir() : dataDir;
        localValues.put("DATA_DIR", functionData.toString());
        // Confirmation messages become .eml files under DATA_DIR/outbox instead of going to SES.
        localValues.put(ServiceConfig.MAIL_SENDER, "outbox");

        new ContentLoader(new ContentTable(client, tables.get("ContentTable"), new CursorCodec(new Signer(signingKey))))
                .load(CatalogueReader.fromClasspath());

        List<FunctionHost> functions = new ArrayList<>();
        for (FunctionSpec spec : template.functions()) {
            FunctionHost host = new FunctionHost(spec, template.localEnvironment(spec, "", localValues),
                    java.time.Duration.ofSeconds(template.timeoutSeconds(spec)));
            functions.add(host);
            spec.routes().forEach(route -> routes.add(route, host));
        }
        // INIT every API function before the first request, as provisioned concurrency or SnapStart would.
        functions.stream().filter(f -> !f.spec().routes().isEmpty()).parallel().forEach(FunctionHost::warm);
        List<AutoCloseable> extras = new ArrayList<>();
        startStreamsAndSchedules(template, functions, tables, dynamo, options.recomputeEverySeconds(), extras);
        frontDoor.start();
        LocalStack stack = new LocalStack(dynamo, frontDoor, functions, extras);
        stack.dataDir = functionData;
        return stack;
    }

    /** The functions' DATA_DIR: where the local mail outbox ({@code outbox/*.eml}) is written. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * What template.yaml triggers other than HTTP: a stream poller per DynamoDB event (feeding the function the
     * batches Lambda would) and a timer per Schedule event. Both stop with the stack.
     */
    private static void startStreamsAndSchedules(SamTemplate template, List<FunctionHost> functions,
                                                 Map<String, String> tables, LocalDynamo dynamo, long everySeconds,
                                                 List<AutoCloseable> extras) {
        DynamoDbClient client = dynamo.client();
        for (FunctionHost host : functions) {
            if (!host.spec().streams().isEmpty()) {
                host.warm(); // INIT before the first vote, so its batch does not wait for it
            }
            for (FunctionSpec.StreamMapping mapping : host.spec().streams()) {
                String arn = StreamPoller.streamArn(client, tables.get(mapping.tableLogicalId()));
                extras.add(new StreamPoller(dynamo.streamsClient(), arn, mapping, event -> {
                    try {
                        return host.invoke(event);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }).start());
            }
            for (FunctionSpec.Schedule schedule : host.spec().schedules()) {
                extras.add(new LocalSchedule(host, schedule, everySeconds));
            }
        }
    }

    public String url() {
        return "http://localhost:" + frontDoor.port();
    }

    public int port() {
        return frontDoor.port();
    }

    public java.net.URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    /** The signing key: generated once into the data directory (owner-only), or per run when nothing is kept. */
    private static String signingKey(Path dataDir) throws IOException {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        if (dataDir == null) {
            return fresh;
        }
        Path file = dataDir.resolve("signing.key");
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            Files.writeString(file, fresh);
            try {
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file stays with the directory's permissions.
            }
        }
        return Files.readString(file).trim();
    }

    private static Path tempDataDir() throws IOException {
        return Files.createTempDirectory("verdict-local");
    }

    private static Path bundledTemplate() {
        try (InputStream in = LocalStack.class.getResourceAsStream("/template.yaml")) {
            if (in == null) {
                throw new IllegalStateException("no template.yaml given and none bundled");
            }
            Path copy = Files.createTempFile("template", ".yaml");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        frontDoor.close();
        for (AutoCloseable extra : extras) {
            try {
                extra.close();
            } catch (Exception ignored) {
                // stopping: keep closing the rest
            }
        }
        functions.forEach(FunctionHost::close);
        dynamo.close();
    }
}
