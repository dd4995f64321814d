package dev.verdict.local;

import dev.verdict.content.Catalogue;
import dev.verdict.content.CatalogueException;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.content.pages.RankingPages;
import dev.verdict.content.pages.SitePages;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.localkit.LocalTables;
import dev.verdict.localkit.MotoEngine;
import dev.verdict.localkit.SamTemplate;
import dev.verdict.localkit.StreamPoller;
import dev.verdict.signups.MailSettings;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The whole service on a laptop: the DynamoDB engine (moto's server, a child process on loopback), the tables and
 * functions of template.yaml, the catalogue loaded, and the site and API on one port.
 *
 * <pre>java -jar infra/local/target/local-stack.jar [--data-dir DIR | --in-memory] [--port N] [--host ADDR] [--site DIR] [--template FILE]</pre>
 */
public final class LocalService implements AutoCloseable {

    static final String USAGE = "usage: java -jar local-stack.jar [--data-dir DIR | --in-memory] [--port N] [--host ADDR]"
            + " [--site DIR] [--catalogue DIR] [--template FILE] [--recompute-every SECONDS]";

    /**
     * What the stack is started with; {@code port} 0 picks a free port (tests). {@code host} is the address every
     * socket of the stack listens on (the front door and the engine): loopback unless asked otherwise.
     */
    public record Options(Path dataDir, boolean inMemory, int port, Path siteDir, Path template, long recomputeEverySeconds,
                          String host, Path catalogueDir) {

        /** Scheduled functions fire every {@code recomputeEverySeconds} locally (default a minute). */
        public static final long DEFAULT_RECOMPUTE_EVERY_SECONDS = 60;
        public static final String LOOPBACK = "127.0.0.1";
        /** The catalogue's files in a checkout of the repository (the jar carries a copy for running elsewhere). */
        static final Path CHECKOUT_CATALOGUE = Path.of("content", "src", "main", "resources", "catalogue");

        public Options(Path dataDir, boolean inMemory, int port, Path siteDir, Path template) {
            this(dataDir, inMemory, port, siteDir, template, DEFAULT_RECOMPUTE_EVERY_SECONDS);
        }

        public Options(Path dataDir, boolean inMemory, int port, Path siteDir, Path template, long recomputeEverySeconds) {
            this(dataDir, inMemory, port, siteDir, template, recomputeEverySeconds, LOOPBACK, null);
        }

        static Options parse(String[] args, Map<String, String> env) {
            Path dataDir = null;
            boolean inMemory = false;
            int port = env.get("PORT") == null ? 3000 : port(env.get("PORT"), "PORT");
            String host = LOOPBACK;
            Path site = Files.isDirectory(Path.of("site")) ? Path.of("site") : null;
            // From a checkout the catalogue is read where it is edited, so a new comparison needs a restart, not a build.
            Path catalogue = Files.isDirectory(CHECKOUT_CATALOGUE) ? CHECKOUT_CATALOGUE : null;
            Path template = Files.exists(Path.of("template.yaml")) ? Path.of("template.yaml") : null;
            long recomputeEvery = DEFAULT_RECOMPUTE_EVERY_SECONDS;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir" -> dataDir = Path.of(value(args, ++i));
                    case "--in-memory" -> inMemory = true;
                    case "--port" -> port = port(value(args, ++i), "--port");
                    case "--host" -> host = value(args, ++i);
                    case "--site" -> site = Path.of(value(args, ++i));
                    case "--catalogue" -> catalogue = Path.of(value(args, ++i));
                    case "--template" -> template = Path.of(value(args, ++i));
                    case "--recompute-every" -> recomputeEvery = Long.parseLong(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
                }
            }
            if (inMemory && dataDir != null) {
                throw new IllegalArgumentException("--data-dir and --in-memory contradict each other: --in-memory keeps"
                        + " nothing, --data-dir keeps everything there; give one of them\n" + USAGE);
            }
            return new Options(dataDir == null ? Path.of(".local-data") : dataDir, inMemory, port, site, template,
                    recomputeEvery, host, catalogue);
        }

        private static int port(String text, String name) {
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException notANumber) {
                // said below
            }
            throw new IllegalArgumentException(name + " must be a port number from 0 to 65535, not '" + text + "'");
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
            }
            return args[i];
        }
    }

    /** A function of template.yaml and its host. */
    private record Function(FunctionSpec spec, LambdaHost host) {
    }

    /** How often the tables are saved when something changed; Ctrl-C saves once more. */
    private static final long SAVE_EVERY_MILLIS = 2_000;

    private final MotoEngine dynamo;
    private final FrontDoor frontDoor;
    private final List<Function> functions;
    private final List<AutoCloseable> extras;
    private final Map<String, String> tables;
    /** Where tables.json is kept, or null when nothing is kept. */
    private final Path savedTables;
    /** What the functions are given as DATA_DIR (a fresh temporary directory when nothing is kept). */
    private final Path dataDir;
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-tables-save");
        thread.setDaemon(true);
        return thread;
    });
    private long savedWrites = -1;
    private boolean closed;

    private LocalService(MotoEngine dynamo, FrontDoor frontDoor, List<Function> functions, List<AutoCloseable> extras,
                       Map<String, String> tables, Path savedTables, Path dataDir) {
        this.dynamo = dynamo;
        this.frontDoor = frontDoor;
        this.functions = functions;
        this.extras = extras;
        this.tables = tables;
        this.savedTables = savedTables;
        this.dataDir = dataDir;
        if (savedTables != null) {
            saver.scheduleWithFixedDelay(this::saveIfChanged, SAVE_EVERY_MILLIS, SAVE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        LocalService stack;
        Options options;
        try {
            options = Options.parse(args, System.getenv());
            stack = start(options);
        } catch (IllegalArgumentException | IllegalStateException | MotoEngine.EngineException | CatalogueException e) {
            System.err.println("verdict local stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        stack.dynamo.onUnexpectedExit(why -> {
            System.err.println("verdict local stack: " + why + "; stopping (the last save is kept)");
            System.exit(1);
        });
        System.out.printf("Verdict local stack ready in %.1f s (Ctrl-C stops it)%n", (System.nanoTime() - started) / 1e9);
        System.out.println("  Site and API: " + stack.url());
        System.out.println("  DynamoDB:     " + stack.dynamoEndpoint() + " (any DynamoDB client; region us-east-1, any credentials)");
        System.out.println(stack.savedTables != null
                ? "  Data dir:     " + stack.dataDir + " (tables.json, outbox/, signing.key)"
                : "  Data dir:     none, --in-memory: nothing is kept; the mail outbox is " + stack.dataDir.resolve("outbox")
                        + " until the stack stops");
        System.out.println(options.catalogueDir() != null
                ? "  Catalogue:    " + options.catalogueDir().toAbsolutePath() + " (edit, then restart to load it)"
                : "  Catalogue:    the copy built into local-stack.jar");
        Thread.currentThread().join();
    }

    public static LocalService start(Options options) throws IOException {
        SamTemplate template = SamTemplate.load(options.template() != null ? options.template() : bundledTemplate());
        Path dataDir = options.inMemory() ? null : options.dataDir().toAbsolutePath();
        Path savedTables = dataDir == null ? null : dataDir.resolve(TableSnapshot.FILE_NAME);
        // Read before anything starts: a damaged save stops us here, untouched.
        TableSnapshot saved = savedTables == null ? TableSnapshot.empty() : TableSnapshot.read(savedTables);
        MotoEngine dynamo = MotoEngine.start(options.host(), 0);
        try {
            return start(options, template, dynamo, dataDir, savedTables, saved);
        } catch (IOException | RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    private static LocalService start(Options options, SamTemplate template, MotoEngine dynamo, Path dataDir,
                                    Path savedTables, TableSnapshot saved) throws IOException {
        DynamoDbClient client = dynamo.client();
        Map<String, String> tables = LocalTables.createAll(template, client, "",
                (logicalId, name) -> saved.restore(client, logicalId, name));

        String signingKey = signingKey(dataDir);
        RouteTable routes = new RouteTable();
        SiteFiles site = new SiteFiles(options.siteDir() == null ? null : options.siteDir().toAbsolutePath(), EdgePaths.of(template));
        LocalInvoke invocations = new LocalInvoke();
        FrontDoor frontDoor = new FrontDoor(options.host(), options.port(), routes, site, invocations);
        String origin = "http://localhost:" + frontDoor.port();

        Map<String, String> localValues = SamTemplate.localStandIns(dynamo.endpoint(), signingKey, origin);
        Path functionData = dataDir == null ? tempDataDir() : dataDir;
        localValues.put(MailSettings.DATA_DIR, functionData.toString());
        // Confirmation messages become .eml files under DATA_DIR/outbox instead of going to SES.
        localValues.put(MailSettings.MAIL_SENDER, "outbox");

        Catalogue catalogue = options.catalogueDir() == null ? CatalogueReader.fromClasspath()
                : CatalogueReader.fromDirectory(options.catalogueDir());
        new ContentLoader(new CatalogueWriter(client, tables.get("ContentTable"))).load(catalogue);
        // The comparison pages as the build publishes them, from the same catalogue the tables now hold.
        Map<String, byte[]> pages = new java.util.LinkedHashMap<>(SitePages.render(catalogue, site.compareTemplate(), origin));
        pages.putAll(RankingPages.render(catalogue, site::template, origin));
        pages.put("index.html", SitePages.home(catalogue, site.homeTemplate(), origin));
        site.serveGenerated(pages);

        List<Function> functions = new ArrayList<>();
        for (FunctionSpec spec : template.functions()) {
            LambdaHost host = LambdaHost.of(spec, template.localEnvironment(spec, "", localValues),
                    java.time.Duration.ofSeconds(template.timeoutSeconds(spec)));
            functions.add(new Function(spec, host));
            spec.routes().forEach(route -> routes.add(route, host));
            invocations.add(spec, host);
        }
        // INIT every API function before the first request, as provisioned concurrency or SnapStart would.
        functions.stream().filter(f -> !f.spec().routes().isEmpty()).parallel().forEach(f -> f.host().warm());
        List<AutoCloseable> extras = new ArrayList<>();
        startStreamsAndSchedules(template, functions, tables, dynamo, options.recomputeEverySeconds(), extras);
        frontDoor.start();
        return new LocalService(dynamo, frontDoor, functions, extras, tables, savedTables, functionData);
    }

    /** The functions' DATA_DIR: where the local mail outbox ({@code outbox/*.eml}) is written. */
    public Path dataDir() {
        return dataDir;
    }

    /** Saves the tables if the engine took a write since the last save. */
    private synchronized void saveIfChanged() {
        if (closed) {
            return;
        }
        try {
            long writes = dynamo.writes();
            if (writes != savedWrites) {
                TableSnapshot.save(dynamo.client(), tables, savedTables);
                savedWrites = writes;
            }
        } catch (IOException | RuntimeException e) {
            // The previous save stays whole; the next tick tries again.
            System.err.println("verdict local stack: could not save the tables to " + savedTables + ": " + e.getMessage());
        }
    }

    /**
     * What template.yaml triggers other than HTTP: a stream poller per DynamoDB event (feeding the function the
     * batches Lambda would) and a timer per Schedule event. Both stop with the stack.
     */
    private static void startStreamsAndSchedules(SamTemplate template, List<Function> functions,
                                                 Map<String, String> tables, MotoEngine dynamo, long everySeconds,
                                                 List<AutoCloseable> extras) {
        DynamoDbClient client = dynamo.client();
        for (Function function : functions) {
            if (!function.spec().streams().isEmpty()) {
                function.host().warm(); // INIT before the first vote, so its batch does not wait for it
            }
            for (FunctionSpec.StreamMapping mapping : function.spec().streams()) {
                String arn = StreamPoller.streamArn(client, tables.get(mapping.tableLogicalId()));
                extras.add(new StreamPoller(dynamo.streamsClient(), arn, mapping, function.host()).start());
            }
            for (FunctionSpec.Schedule schedule : function.spec().schedules()) {
                extras.add(new LocalSchedule(function.spec(), function.host(), schedule, everySeconds));
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
        try (InputStream in = LocalService.class.getResourceAsStream("/template.yaml")) {
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
        synchronized (this) {
            if (closed) {
                return;
            }
            saver.shutdownNow();
            frontDoor.close();
            for (AutoCloseable extra : extras) {
                try {
                    extra.close();
                } catch (Exception ignored) {
                    // stopping: keep closing the rest
                }
            }
            functions.forEach(f -> f.host().close());
            if (savedTables != null && dynamo.isAlive()) {
                saveIfChanged(); // everything the stopped functions wrote
            }
            closed = true;
        }
        dynamo.close();
        if (savedTables == null) {
            deleteTree(dataDir); // --in-memory keeps nothing, the outbox included
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory: the system cleans what we could not
        }
    }
}
