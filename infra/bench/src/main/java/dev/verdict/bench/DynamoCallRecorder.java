package dev.verdict.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;

/**
 * A loopback proxy in front of the engine that writes down every DynamoDB call passing through it: the operation and
 * the tables it names. A function and its bare twin are started against it once each, so the bench can check that the
 * twin really makes the function's calls before it divides one start by the other. The engine does not check
 * signatures, so the SDK's (made for this proxy's host) pass through unchanged.
 */
final class DynamoCallRecorder implements AutoCloseable {

    /** One call: {@code Query [bench-ContentTable]}. */
    record Call(String operation, Set<String> tables) {
        @Override
        public String toString() {
            return operation + " " + tables;
        }
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI engine;
    private final List<Call> calls = new ArrayList<>();

    private DynamoCallRecorder(URI engine) throws IOException {
        this.engine = engine;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::forward);
        server.start();
    }

    static DynamoCallRecorder start(URI engine) {
        try {
            return new DynamoCallRecorder(engine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The calls recorded since the last take, in the order they arrived; the record starts again empty. */
    synchronized List<Call> take() {
        List<Call> taken = List.copyOf(calls);
        calls.clear();
        return taken;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null) {
                record(new Call(target.substring(target.indexOf('.') + 1), tables(body)));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(engine.resolve(exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private synchronized void record(Call call) {
        calls.add(call);
    }

    /** Every table a request names: TableName fields at any depth (transactions) and RequestItems' keys (batches). */
    static Set<String> tables(byte[] body) {
        Set<String> tables = new TreeSet<>();
        try {
            collect(MAPPER.readTree(body), tables);
        } catch (IOException e) {
            tables.add("(unreadable body)");
        }
        return tables;
    }

    private static void collect(JsonNode node, Set<String> tables) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode value = node.get(name);
                if (name.equals("TableName") && value.isTextual()) {
                    tables.add(value.asText());
                } else if (name.equals("RequestItems") && value.isObject()) {
                    value.fieldNames().forEachRemaining(tables::add);
                } else {
                    collect(value, tables);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, tables));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        client.close();
    }
}
