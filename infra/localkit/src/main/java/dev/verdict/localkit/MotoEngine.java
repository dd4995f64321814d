package dev.verdict.localkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The local DynamoDB engine: moto's server (Apache-2.0) as a child process on a loopback port, every request handled
 * under one lock by our launcher ({@code engine/moto_engine.py}, shipped in this jar). The child watches its standard
 * input, a pipe from this JVM, and exits when it closes, so it ends with us however we end (Ctrl-C, a crash, kill -9).
 *
 * <p>Python is {@code python3}, or what {@code VERDICT_PYTHON} names.
 */
public final class MotoEngine implements DynamoBackend {

    /** Exit codes the launcher uses for the two failures a developer can fix (see moto_engine.py). */
    private static final int MOTO_MISSING = 3;
    private static final int PORT_TAKEN = 4;
    private static final long READY_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final OutputStream lifeline;
    private final URI endpoint;
    private volatile boolean closing;

    private MotoEngine(Process process, URI endpoint) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.endpoint = endpoint;
    }

    /** Starts the engine on a free loopback port. */
    public static MotoEngine start() {
        return start("127.0.0.1", 0);
    }

    /**
     * Starts the engine on {@code host}:{@code port} (0: a free port) and waits until it accepts connections.
     *
     * @throws EngineException with one line a developer can act on: Python or moto missing, the port taken, or the
     *                         engine not answering in time
     */
    public static MotoEngine start(String host, int port) {
        return start(System.getenv().getOrDefault("VERDICT_PYTHON", "python3"), host, port);
    }

    static MotoEngine start(String python, String host, int port) {
        Path launcher = launcher();
        Process process;
        try {
            process = new ProcessBuilder(python, "-u", launcher.toString(), "--host", host, "--port", Integer.toString(port))
                    .redirectErrorStream(false)
                    .start();
        } catch (IOException e) {
            throw new EngineException("the local DynamoDB engine needs Python 3 with moto: '" + python
                    + "' could not be started (" + e.getMessage() + "); install Python 3 and run: pip install 'moto[server]'"
                    + " (or set VERDICT_PYTHON to a python that has it)");
        }
        Deque<String> errors = new ArrayDeque<>();
        pump(process.getErrorStream(), line -> {
            synchronized (errors) {
                errors.addLast(line);
                if (errors.size() > 20) {
                    errors.removeFirst();
                }
            }
            System.err.println("[dynamodb engine] " + line);
        });
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ") && !ready.isDone()) {
                        ready.complete(Integer.parseInt(line.substring(6).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                ready.completeExceptionally(e);
            }
            ready.complete(-1);
        }, "dynamodb-engine-out");
        reader.setDaemon(true);
        reader.start();

        int bound;
        try {
            bound = ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new EngineException("the local DynamoDB engine (moto) did not answer within " + READY_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while the local DynamoDB engine started");
        } catch (ExecutionException e) {
            bound = -1;
        }
        if (bound <= 0) {
            int code = exitCode(process);
            String detail;
            synchronized (errors) {
                detail = String.join(" | ", errors);
            }
            throw new EngineException(switch (code) {
                case MOTO_MISSING -> "the local DynamoDB engine needs moto: " + detail;
                case PORT_TAKEN -> "the local DynamoDB engine could not listen: " + detail
                        + " (choose another port, or 0 for a free one)";
                default -> "the local DynamoDB engine (moto) exited with code " + code + (detail.isEmpty() ? "" : ": " + detail);
            });
        }
        return new MotoEngine(process, URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound));
    }

    /**
     * Runs {@code onDeath} (once, on its own thread) if the engine ends while we did not ask it to: every later
     * DynamoDB call would fail, so a long-running caller should say so and stop rather than serve errors.
     */
    public MotoEngine onUnexpectedExit(Consumer<String> onDeath) {
        process.onExit().thenAccept(p -> {
            if (!closing) {
                onDeath.accept("the local DynamoDB engine (moto, pid " + p.pid() + ") exited unexpectedly with code " + p.exitValue());
            }
        });
        return this;
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    /** How many write requests the engine has taken since it started (a cheap "did anything change?"). */
    public long writes() {
        EngineAnswer answer = engineCall("/_engine/status", null, Duration.ofSeconds(5));
        if (answer.status() >= 400) {
            throw new UncheckedIOException("the local DynamoDB engine does not answer",
                    new IOException("HTTP " + answer.status() + " from /_engine/status"));
        }
        var matcher = java.util.regex.Pattern.compile("\"writes\":\\s*(\\d+)").matcher(answer.body());
        if (!matcher.find()) {
            throw new IllegalStateException("the engine's status has no write count: " + answer.body());
        }
        return Long.parseLong(matcher.group(1));
    }

    /**
     * Copies every table whose name starts with {@code fromPrefix} to the same name under {@code toPrefix}: settings,
     * indexes, TTL and items, with a new stream of its own and no stream records (see the engine's copy_tables). True
     * when something was copied; false when no table matched or a target name is taken.
     */
    @Override
    public boolean copyTables(String fromPrefix, String toPrefix) {
        String asked = "{\"from\":\"" + jsonText(fromPrefix) + "\",\"to\":\"" + jsonText(toPrefix) + "\"}";
        return engineCall("/_engine/copy-tables", asked, Duration.ofSeconds(60)).status() == 200;
    }

    /** Table name prefixes are letters, digits, '-', '_' and '.': nothing to escape but a quote or a backslash. */
    private static String jsonText(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private record EngineAnswer(int status, String body) {
    }

    /** One of the engine's own requests (not DynamoDB's): a GET, or a POST of {@code json} where it is given. */
    private EngineAnswer engineCall(String path, String json, Duration readTimeout) {
        try {
            var connection = (java.net.HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout((int) readTimeout.toMillis());
            if (json != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (var out = connection.getOutputStream()) {
                    out.write(json.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return new EngineAnswer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the local DynamoDB engine does not answer", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        closing = true;
        try {
            lifeline.close(); // the launcher exits on end of input
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int exitCode(Process process) {
        try {
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void pump(InputStream stream, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                in.lines().forEach(sink);
            } catch (IOException | UncheckedIOException ignored) {
                // the engine is gone; its exit is reported elsewhere
            }
        }, "dynamodb-engine-err");
        thread.setDaemon(true);
        thread.start();
    }

    /** The launcher travels in this jar; Python needs it as a file. */
    private static synchronized Path launcher() {
        try (InputStream in = MotoEngine.class.getResourceAsStream("engine/moto_engine.py")) {
            if (in == null) {
                throw new IllegalStateException("engine/moto_engine.py is missing from the localkit jar");
            }
            Path dir = Files.createTempDirectory("verdict-engine");
            Path file = dir.resolve("moto_engine.py");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            for (Path path : List.of(file, dir)) {
                path.toFile().deleteOnExit();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine could not be had; the message is the one line to show. */
    public static final class EngineException extends RuntimeException {
        public EngineException(String message) {
            super(message);
        }
    }
}
