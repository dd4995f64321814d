package dev.verdict.localkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine's life as a developer meets it: it starts on loopback, it never outlives the JVM that started it, and
 * each way it can fail to start or stop early is one clear line instead of a hang.
 */
class MotoEngineTest {

    @Test
    void listensOnLoopbackAndCountsWritesButNotReads() {
        try (MotoEngine engine = MotoEngine.start()) {
            assertThat(engine.endpoint().getHost()).isEqualTo("127.0.0.1");
            var client = engine.client();
            long before = engine.writes();
            client.listTables();
            assertThat(engine.writes()).isEqualTo(before);
            client.createTable(b -> b.tableName("counted").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
            assertThat(engine.writes()).isEqualTo(before + 1);
        }
    }

    @Test
    void endsWithTheJvmThatStartedItEvenWhenThatJvmIsKilled() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EngineHolder.class.getName())
                .redirectErrorStream(true).start();
        long enginePid;
        try (var out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("ENGINE "));
            assertThat(line).as("the holder's report of its engine").isNotNull();
            enginePid = Long.parseLong(line.substring(7).trim());
            assertThat(ProcessHandle.of(enginePid)).get().matches(ProcessHandle::isAlive);

            holder.destroyForcibly(); // SIGKILL: no shutdown hook runs
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(enginePid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(enginePid).map(ProcessHandle::isAlive).orElse(false))
                .as("engine %d still running after its JVM was killed", enginePid).isFalse();
    }

    @Test
    void aMissingPythonIsOneLineNamingWhatToInstall() {
        assertThatThrownBy(() -> MotoEngine.start("/nonexistent/python3", "127.0.0.1", 0))
                .isInstanceOf(MotoEngine.EngineException.class)
                .hasMessageContaining("/nonexistent/python3")
                .hasMessageContaining("pip install 'moto[server]'");
    }

    @Test
    void aPythonWithoutMotoIsOneLineNamingWhatToInstall() throws Exception {
        // python3 -I -S: no site-packages, so moto cannot be imported, as on a machine that lacks it.
        Path dir = Files.createTempDirectory("no-moto");
        Path python = dir.resolve("python-without-moto");
        Files.writeString(python, "#!/bin/sh\nexec python3 -I -S \"$@\"\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> MotoEngine.start(python.toString(), "127.0.0.1", 0))
                .isInstanceOf(MotoEngine.EngineException.class)
                .hasMessageContaining("moto is not installed")
                .hasMessageContaining("pip install 'moto[server]'");
    }

    @Test
    void aTakenPortIsOneLineInsteadOfAHang() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> MotoEngine.start("python3", "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(MotoEngine.EngineException.class)
                    .hasMessageContaining("could not listen")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void saysSoWhenTheEngineDiesWhileInUse() throws Exception {
        CompletableFuture<String> reported = new CompletableFuture<>();
        try (MotoEngine engine = MotoEngine.start().onUnexpectedExit(reported::complete)) {
            ProcessHandle.of(engine.pid()).orElseThrow().destroyForcibly();

            assertThat(reported.get(10, TimeUnit.SECONDS)).contains("exited unexpectedly").contains(Long.toString(engine.pid()));
        }
    }

    @Test
    void aRequestedStopIsNotReportedAsADeath() throws Exception {
        CompletableFuture<String> reported = new CompletableFuture<>();
        MotoEngine engine = MotoEngine.start().onUnexpectedExit(reported::complete);
        long pid = engine.pid();
        engine.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        Thread.sleep(200);
        assertThat(reported).isNotDone();
    }

    /** A JVM that starts an engine, says which, and waits to be killed. */
    public static final class EngineHolder {
        public static void main(String[] args) throws Exception {
            MotoEngine engine = MotoEngine.start();
            System.out.println("ENGINE " + engine.pid());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
