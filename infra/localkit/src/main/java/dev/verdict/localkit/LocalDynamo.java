package dev.verdict.localkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local running inside this JVM as a server on a loopback port, so handlers reach it over HTTP through the
 * real AWS SDK, exactly as they reach DynamoDB on AWS. Streams are on for every table created with a stream spec.
 */
public final class LocalDynamo implements DynamoBackend {

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private LocalDynamo(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts on a free port; {@code dataDir} null keeps everything in memory. */
    public static LocalDynamo start(Path dataDir) {
        prepareNativeLibrary();
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            args.addAll(List.of("-dbPath", dataDir.toString()));
        }
        // One database for every credential and region, as the handlers and the loader must see the same tables.
        args.add("-sharedDb");
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new LocalDynamo(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Override
    public DynamoDbStreamsClient streamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
        }
    }

    /**
     * DynamoDB Local stores tables in SQLite through sqlite4java, which loads a native library from
     * {@code sqlite4java.library.path}. We ship the library inside this jar and unpack it once per process.
     */
    private static synchronized void prepareNativeLibrary() {
        if (System.getProperty("sqlite4java.library.path") != null) {
            return;
        }
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String name = os.contains("mac") ? "libsqlite4java-osx.dylib" : "libsqlite4java-linux-amd64.so";
        try (InputStream in = LocalDynamo.class.getResourceAsStream("/sqlite4java/" + name)) {
            if (in == null) {
                throw new IllegalStateException("native SQLite library " + name + " is not bundled");
            }
            Path dir = Files.createTempDirectory("sqlite4java");
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            dir.toFile().deleteOnExit();
            dir.resolve(name).toFile().deleteOnExit();
            System.setProperty("sqlite4java.library.path", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
