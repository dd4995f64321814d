package dev.verdict.localkit;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

/**
 * A function's deployable jar run as Lambda's java21 runtime runs it, in a JVM of its own: the jar unpacked as the
 * task root (Lambda's /var/task), the official Runtime Interface Client's {@code AWSLambda} main on the runtime's own
 * classpath (the client, aws-lambda-java-serialization and aws-lambda-java-core, nothing of ours), the JVM flags of
 * Lambda's java21 launcher, the handler string from template.yaml as its argument, and only the environment Lambda
 * sets plus the function's variables. It talks to a {@link RuntimeApiEmulator} of its own.
 *
 * <p>Lambda's launcher flags, as its java17/java21 command line shows them: {@code -XX:MaxHeapSize} at 85% of the
 * memory size, {@code -XX:+UseSerialGC}, {@code -Xshare:on} with the runtime's CDS archive (here {@code -Xshare:auto}
 * with the JDK's), {@code -XX:+TieredCompilation -XX:TieredStopAtLevel=1},
 * {@code --add-opens=java.base/java.io=ALL-UNNAMED}, {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}
 * (so org.crac resources are the runtime's SnapStart hooks), {@code -XX:+ErrorFileToStderr}, and the path of the
 * client's native library.
 */
public final class RicFunction implements LambdaInvoker, AutoCloseable {

    /** What to start: the function's name, handler string, jar, variables (template's, resolved), memory, timeout. */
    public record Launch(String functionName, String handler, Path jar, Map<String, String> variables, int memoryMb,
                         Duration timeout, boolean snapStart, List<String> extraJvmArgs) {

        public Launch withJvmArgs(List<String> args) {
            return new Launch(functionName, handler, jar, variables, memoryMb, timeout, snapStart, List.copyOf(args));
        }
    }

    private static final Map<String, Path> TASK_ROOTS = new ConcurrentHashMap<>();
    private static Path nativeLibrary;

    private final Launch launch;
    private final RuntimeApiEmulator api;
    private final Process process;
    private final long startedNanos;
    private final Deque<String> log = new ArrayDeque<>();

    private RicFunction(Launch launch, RuntimeApiEmulator api, Process process, long startedNanos) {
        this.launch = launch;
        this.api = api;
        this.process = process;
        this.startedNanos = startedNanos;
        pump(process.getInputStream());
        pump(process.getErrorStream());
        process.onExit().thenAccept(p -> api.fail(LambdaResult.failure("Runtime.ExitError",
                "RequestId: the runtime exited with code " + p.exitValue() + " (" + launch.functionName() + ")", lastLog(5))));
    }

    /** Starts the JVM; INIT runs in the background until the runtime's first {@code /next} call ({@link #awaitInit}). */
    public static RicFunction start(Launch launch) {
        try {
            RuntimeApiEmulator api = new RuntimeApiEmulator(launch.functionName());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(lambdaJvmFlags(launch.memoryMb()));
            command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeLibrary());
            command.addAll(launch.extraJvmArgs());
            command.add("-classpath");
            command.add(String.join(File.pathSeparator, runtimeClasspath().stream().map(Path::toString).toList()));
            command.add(AWSLambda.class.getName());
            command.add(launch.handler());
            Path taskRoot = taskRoot(launch.jar());
            ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
            builder.environment().clear();
            builder.environment().putAll(lambdaEnvironment(launch, api.address(), taskRoot));
            long started = System.nanoTime();
            return new RicFunction(launch, api, builder.start(), started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + launch.functionName() + " under the runtime interface client", e);
        }
    }

    /** The JVM flags of Lambda's java21 launcher (see the class comment). */
    public static List<String> lambdaJvmFlags(int memoryMb) {
        return List.of("-XX:MaxHeapSize=" + (long) Math.ceil(memoryMb * 1024 * 0.85) + "k", "-XX:+UseSerialGC", "-Xshare:auto",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac", "-XX:+ErrorFileToStderr");
    }

    /**
     * What Lambda puts in a java21 environment, then the function's variables. A SnapStart function gets
     * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start (so the runtime runs the CRaC hooks and calls restore/next) and, as on
     * Lambda, its credentials from the container endpoint rather than access-key variables.
     */
    static Map<String, String> lambdaEnvironment(Launch launch, String runtimeApi, Path taskRoot) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", launch.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", launch.snapStart() ? "1" : "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(launch.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + launch.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/[" + (launch.snapStart() ? "1" : "$LATEST") + "]"
                + Long.toHexString(System.nanoTime()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", launch.snapStart() ? "snap-start" : "on-demand");
        env.put("AWS_REGION", LambdaEvents.REGION);
        env.put("AWS_DEFAULT_REGION", LambdaEvents.REGION);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        env.put("_HANDLER", launch.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin");
        if (launch.snapStart()) {
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/2021-04-23/credentials");
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", "local");
        } else {
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            env.put("AWS_SESSION_TOKEN", "local");
        }
        env.putAll(launch.variables());
        return env;
    }

    /** Waits for INIT to end (the first {@code /next} call) and returns how long it took from the process's start. */
    public Duration awaitInit(Duration atMost) {
        try {
            long at = api.firstNext().get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            return Duration.ofNanos(at - startedNanos);
        } catch (TimeoutException e) {
            throw new IllegalStateException(launch.functionName() + " did not finish INIT within " + atMost.toSeconds()
                    + " s; its log:\n" + String.join("\n", lastLog(40)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            LambdaResult fatal = api.fatal();
            throw new IllegalStateException(launch.functionName() + " failed INIT: "
                    + (fatal == null ? e.getCause().getMessage() : fatal.describe()) + "; its log:\n" + String.join("\n", lastLog(40)));
        }
    }

    public String functionName() {
        return launch.functionName();
    }

    public RuntimeApiEmulator runtimeApi() {
        return api;
    }

    /** One event through the Runtime API; a timeout ends the environment, as Lambda does. */
    @Override
    public LambdaResult invoke(byte[] event) {
        LambdaResult result = api.invoke(event, launch.timeout());
        if ("Sandbox.Timedout".equals(result.errorType())) {
            process.destroyForcibly();
        }
        return result;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * CPU time (user + system, every thread) the JVM has used so far, as the OS accounts it (on Linux, /proc's clock
     * ticks, 10 ms steps); empty where the platform cannot tell or the process has ended. A cold start's CPU beside
     * its wall time is what the bench's memory model scales by Lambda's CPU share.
     */
    public Optional<Duration> cpuTime() {
        return process.info().totalCpuDuration();
    }

    /** The most memory the JVM has held resident so far (Linux's VmHWM), in MB; -1 where /proc cannot tell. */
    public long peakResidentMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // not Linux, or the process has ended
        }
        return -1;
    }

    /** The function's output (its log), last {@code lines} lines. */
    public List<String> lastLog(int lines) {
        synchronized (log) {
            return log.stream().skip(Math.max(0, log.size() - lines)).toList();
        }
    }

    /** Every line the function logged that contains {@code text}. */
    public List<String> logLines(String text) {
        synchronized (log) {
            return log.stream().filter(l -> l.contains(text)).toList();
        }
    }

    private void pump(InputStream stream) {
        boolean echo = Boolean.getBoolean("verdict.lambda.echo");
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (log) {
                        log.addLast(line);
                        if (log.size() > 2000) {
                            log.removeFirst();
                        }
                    }
                    if (echo) {
                        System.out.println("[" + launch.functionName() + "] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the process is gone; its exit is reported by onExit
            }
        }, "lambda-log-" + launch.functionName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the environment: SIGTERM first (a JVM writes what it writes at exit), then a kill. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        api.close();
    }

    /**
     * The runtime's own jars: the client, the serialization library and aws-lambda-java-core, plus the SDK's utils-lite
     * the client needs. From this JVM's classpath when they are separate jars there (the tests), else from the
     * directory the {@code verdict.lambda.runtime} property names (a shaded tool such as the bench ships them beside it).
     */
    static List<Path> runtimeClasspath() {
        List<Path> jars = new ArrayList<>();
        for (Class<?> type : List.of(AWSLambda.class, LambdaEventSerializers.class, RequestHandler.class, SdkInternalThreadLocal.class)) {
            jars.add(codeSource(type));
        }
        boolean separate = jars.stream().distinct().count() == jars.size() && jars.stream().allMatch(p -> p.toString().endsWith(".jar"));
        if (separate) {
            return jars;
        }
        String dir = System.getProperty("verdict.lambda.runtime");
        if (dir == null) {
            throw new IllegalStateException("the runtime interface client's jars are not separate on this classpath;"
                    + " give their directory with -Dverdict.lambda.runtime=DIR");
        }
        try (var files = Files.list(Path.of(dir))) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The client's native library for this machine, copied out of its jar once per JVM. Given to each child by path
     * (as Lambda does), because the client's own fallback unpacks it to one fixed file in /tmp, which JVMs starting
     * side by side would overwrite under each other.
     */
    static synchronized Path nativeLibrary() throws IOException {
        if (nativeLibrary == null) {
            String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
            String name = "libaws-lambda-jni.linux-" + (arch.contains("aarch64") || arch.contains("arm64") ? "aarch_64" : "x86_64") + ".so";
            try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the runtime interface client ships no " + name);
                }
                Path file = Files.createTempFile("verdict-ric-", ".so");
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                file.toFile().deleteOnExit();
                nativeLibrary = file;
            }
        }
        return nativeLibrary;
    }

    /**
     * The jar unpacked, as Lambda unpacks a deployment package into /var/task; once per jar version, under the system's
     * temporary directory, reused while the jar is unchanged.
     */
    static Path taskRoot(Path jar) throws IOException {
        String key = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
        Path cached = TASK_ROOTS.get(key);
        if (cached != null) {
            return cached;
        }
        synchronized (TASK_ROOTS) {
            cached = TASK_ROOTS.get(key);
            if (cached != null) {
                return cached;
            }
            Path root = Path.of(System.getProperty("java.io.tmpdir"), "verdict-lambda-task",
                    jar.getFileName() + "-" + Integer.toHexString(key.hashCode()));
            if (!Files.isDirectory(root)) {
                Path partial = Files.createTempDirectory(root.getParent() == null ? Path.of("/tmp") : createParent(root), "unpacking");
                unzip(jar, partial);
                try {
                    Files.move(partial, root, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException anotherJvmWasFirst) {
                    // the same jar unpacked by another JVM in the meantime: use theirs
                }
            }
            TASK_ROOTS.put(key, root);
            return root;
        }
    }

    private static Path createParent(Path root) throws IOException {
        return Files.createDirectories(root.getParent());
    }

    private static void unzip(Path jar, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("jar entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
