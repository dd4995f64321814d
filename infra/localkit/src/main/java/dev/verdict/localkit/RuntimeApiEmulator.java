package dev.verdict.localkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lambda's Runtime API for one execution environment, on loopback: what a runtime (here the official Runtime Interface
 * Client) talks to. It serves
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: blocks until an event is queued, then answers it with the
 *       headers Lambda sends (request id, deadline, function ARN, trace id);</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} and {@code …/{id}/error}: the invocation's answer;</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error}: INIT failed (every waiting and later invoke fails with it);</li>
 *   <li>{@code GET /2018-06-01/runtime/restore/next} and {@code POST …/restore/error}: SnapStart's checkpoint and
 *       restore, which the runtime calls after the CRaC {@code beforeCheckpoint} hooks (the "snapshot" is taken and
 *       restored at once here).</li>
 * </ul>
 * The first {@code /next} call marks the end of INIT, as on Lambda.
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime";

    private record Pending(String id, byte[] event, long deadlineMillis, CompletableFuture<LambdaResult> answer) {
    }

    private final String functionArn;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final List<String> restoreCalls = new ArrayList<>();
    private volatile LambdaResult fatal;
    private volatile boolean closed;

    public RuntimeApiEmulator(String functionName) throws IOException {
        this.functionArn = "arn:aws:lambda:" + LambdaEvents.REGION + ":" + LambdaEvents.ACCOUNT + ":function:" + functionName;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(workers);
        server.createContext(BASE + "/", this::handle);
        server.start();
    }

    /** {@code host:port}, the value of AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Completes with System.nanoTime() of the runtime's first {@code /next} call: INIT is over. */
    public CompletableFuture<Long> firstNext() {
        return firstNext;
    }

    /** The restore calls the runtime made (SnapStart), in order: {@code next} and {@code error}. */
    public synchronized List<String> restoreCalls() {
        return List.copyOf(restoreCalls);
    }

    /** The INIT error the runtime reported, if it reported one. */
    public LambdaResult fatal() {
        return fatal;
    }

    /**
     * Queues one event and waits for its answer. No answer within {@code timeout} is Lambda's timeout error; an
     * environment that died or failed INIT fails every invoke with that reason.
     */
    public LambdaResult invoke(byte[] event, Duration timeout) {
        if (fatal != null) {
            return fatal;
        }
        Pending pending = new Pending(UUID.randomUUID().toString(), event, System.currentTimeMillis() + timeout.toMillis(),
                new CompletableFuture<>());
        inFlight.put(pending.id(), pending);
        queue.add(pending);
        try {
            return pending.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            queue.remove(pending);
            return LambdaResult.failure("Sandbox.Timedout", "Task timed out after " + timeout.toMillis() / 1000.0 + " seconds",
                    List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LambdaResult.failure(e);
        } catch (ExecutionException e) {
            return LambdaResult.failure(e.getCause());
        } finally {
            inFlight.remove(pending.id());
        }
    }

    /** The environment is gone (its process exited): every waiting and later invoke gets {@code why}. */
    public void fail(LambdaResult why) {
        if (fatal == null) {
            fatal = why;
        }
        inFlight.values().forEach(p -> p.answer().complete(fatal));
        firstNext.completeExceptionally(new IllegalStateException(fatal.describe()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.startsWith("/invocation/") && path.endsWith("/response")) {
                answer(exchange, path.substring("/invocation/".length(), path.length() - "/response".length()),
                        LambdaResult.success(body));
            } else if (method.equals("POST") && path.startsWith("/invocation/") && path.endsWith("/error")) {
                answer(exchange, path.substring("/invocation/".length(), path.length() - "/error".length()),
                        error(body, exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
            } else if (method.equals("POST") && path.equals("/init/error")) {
                fail(error(body, exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("GET") && path.equals("/restore/next")) {
                synchronized (this) {
                    restoreCalls.add("next");
                }
                send(exchange, 200, "");
            } else if (method.equals("POST") && path.equals("/restore/error")) {
                synchronized (this) {
                    restoreCalls.add("error");
                }
                fail(error(body, exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"unknown Runtime API path\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstNext.complete(System.nanoTime());
        Pending pending = null;
        try {
            while (!closed && (pending = queue.poll(200, TimeUnit.MILLISECONDS)) == null) {
                // waiting for an event, as the runtime's long poll does on Lambda
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pending == null) {
            send(exchange, 500, "{\"errorMessage\":\"the environment is shutting down\",\"errorType\":\"Runtime.Shutdown\"}");
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", pending.id());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadlineMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + pending.id().replace("-", "").substring(0, 24) + ";Sampled=0");
        exchange.sendResponseHeaders(200, pending.event().length == 0 ? -1 : pending.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(pending.event());
        }
    }

    private void answer(HttpExchange exchange, String id, LambdaResult result) throws IOException {
        Pending pending = inFlight.get(id);
        if (pending == null) {
            send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        pending.answer().complete(result);
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** The runtime's error document: {@code {"errorMessage","errorType","stackTrace"}}. */
    private static LambdaResult error(byte[] body, String headerType) {
        JsonNode error = LambdaEvents.tree(body);
        List<String> trace = new ArrayList<>();
        error.path("stackTrace").forEach(line -> trace.add(line.asText()));
        String type = error.path("errorType").asText(headerType == null ? "Unknown" : headerType);
        return LambdaResult.failure(type, error.path("errorMessage").asText(""), trace);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        workers.shutdownNow();
    }
}
