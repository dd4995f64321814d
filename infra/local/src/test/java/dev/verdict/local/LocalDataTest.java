package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.core.json.Json;
import dev.verdict.localkit.SamTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the local stack keeps and where it listens: data survives Ctrl-C and a restart, a damaged save stops the
 * start instead of being replaced, --in-memory leaves nothing behind, and every socket is on loopback.
 */
class LocalDataTest {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aVoteASubscriberAndItsPendingTokenSurviveCtrlCAndARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("local-data");
        String cookie;
        try (RunningStack first = RunningStack.start(dataDir)) {
            cookie = first.newVoter();
            var vote = first.send(HttpRequest.newBuilder(first.uri("/comparisons/" + SLUG + "/votes/code-llama-4"))
                    .header("Content-Type", "application/json").header("Cookie", cookie)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"ship\"}")));
            assertThat(vote.statusCode()).isEqualTo(200);
            assertThat(first.shipWithin(1, 10)).isEqualTo(1);

            var signup = first.send(HttpRequest.newBuilder(first.uri("/subscriptions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"kept.reader@example.com\",\"source\":\"" + SLUG + "\",\"consent\":true}")));
            assertThat(signup.statusCode()).isEqualTo(202);
            assertThat(outboxWithin(dataDir, 1, 10)).hasSize(1);

            first.ctrlC();
        }
        try (RunningStack second = RunningStack.start(dataDir)) {
            assertThat(second.shipWithin(1, 0)).as("the vote is still counted").isEqualTo(1);

            // The voter (its cookie signed with the kept key) still holds that vote: casting it again changes nothing.
            var again = second.send(HttpRequest.newBuilder(second.uri("/comparisons/" + SLUG + "/votes/code-llama-4"))
                    .header("Content-Type", "application/json").header("Cookie", cookie)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"verdict\":\"ship\"}")));
            assertThat(again.statusCode()).isEqualTo(200);
            Thread.sleep(1_500);
            assertThat(second.shipWithin(1, 0)).isEqualTo(1);

            // The pending token still confirms, and the restored subscriber was not mailed a second time.
            String message = Files.readString(outboxWithin(dataDir, 1, 0).getFirst(), StandardCharsets.US_ASCII);
            Matcher confirm = Pattern.compile("http://localhost:\\d+(/subscriptions/confirm\\?token=[A-Za-z0-9_-]{43})").matcher(message);
            assertThat(confirm.find()).isTrue();
            var confirmed = second.send(HttpRequest.newBuilder(second.uri(confirm.group(1))).header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(confirmed.statusCode()).isEqualTo(200);
            assertThat(confirmed.body()).isEqualTo("{\"status\":\"confirmed\"}");
            assertThat(outboxWithin(dataDir, 1, 0)).as("no second mail after the restart").hasSize(1);
            second.ctrlC();
        }
    }

    @Test
    void refusesToStartOverADamagedSaveAndLeavesItAsItWas() throws Exception {
        for (String damaged : List.of("{\"format\":\"verdict-local-tables/1\",\"tables\":{\"VotesTable\":[{\"pk\":{\"S\":",
                "not json at all", "{\"format\":\"verdict-local-tables/1\",\"tables\":{\"VotesTable\":[{\"pk\":{\"Q\":\"x\"}}]}}")) {
            Path dataDir = Files.createTempDirectory("local-data");
            Path save = dataDir.resolve("tables.json");
            Files.writeString(save, damaged);

            assertThatThrownBy(() -> LocalService.start(options(dataDir)))
                    .isInstanceOf(TableSnapshot.CorruptSnapshotException.class)
                    .hasMessageContaining(save.toString())
                    .hasMessageContaining("Move the file away");
            assertThat(Files.readString(save)).isEqualTo(damaged);
        }
    }

    @Test
    void inMemoryKeepsNothingAndDeletesItsOutboxOnStop() throws Exception {
        Path outbox;
        try (LocalService stack = LocalService.start(new LocalService.Options(null, true, 0, null, SamTemplate.locate(), 3600))) {
            outbox = stack.dataDir();
            assertThat(outbox).exists();
            assertThat(Files.list(outbox).map(Path::getFileName).map(Path::toString)).doesNotContain("tables.json");
        }
        assertThat(outbox).doesNotExist();
    }

    @Test
    void dataDirAndInMemoryTogetherAreAnErrorNotAChoice() {
        assertThatThrownBy(() -> LocalService.Options.parse(new String[] {"--in-memory", "--data-dir", "x"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradict");
        assertThatThrownBy(() -> LocalService.Options.parse(new String[] {"--data-dir", "x", "--in-memory"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradict");
    }

    @Test
    void aBadPortIsOneLineNamingWhereItCameFrom() {
        assertThatThrownBy(() -> LocalService.Options.parse(new String[0], Map.of("PORT", "three thousand")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PORT").hasMessageContaining("three thousand");
        assertThatThrownBy(() -> LocalService.Options.parse(new String[] {"--port", "70000"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
    }

    @Test
    void aPortInUseIsOneLineSayingSo() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalService.start(new LocalService.Options(null, true, taken.getLocalPort(), null,
                    SamTemplate.locate(), 3600)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use")
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    @Test
    void theFrontDoorAndTheEngineListenOnLoopbackOnly() throws Exception {
        Optional<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst();
        if (outside.isEmpty()) {
            System.out.println("loopback-only check skipped: this machine has no non-loopback IPv4 address");
        }
        Assumptions.assumeTrue(outside.isPresent(), "no non-loopback address to try");
        try (LocalService stack = LocalService.start(new LocalService.Options(null, true, 0, null, SamTemplate.locate(), 3600))) {
            for (int port : List.of(stack.port(), stack.dynamoEndpoint().getPort())) {
                assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("loopback :%d", port).isTrue();
                assertThat(connects(outside.get(), port)).as("%s:%d", outside.get(), port).isFalse();
            }
        }
    }

    private static boolean connects(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    private static LocalService.Options options(Path dataDir) {
        return new LocalService.Options(dataDir, false, 0, null, SamTemplate.locate(), 3600);
    }

    /** The .eml files in the outbox once there are {@code count} of them, waiting up to {@code seconds}. */
    private static List<Path> outboxWithin(Path dataDir, int count, int seconds) throws Exception {
        Path outbox = dataDir.resolve("outbox");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Path> messages;
        do {
            messages = List.of();
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> files = Files.list(outbox)) {
                    messages = files.filter(f -> f.toString().endsWith(".eml")).toList();
                }
            }
            if (messages.size() >= count) {
                return messages;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return messages;
    }

    /** The local stack as a developer runs it: its own JVM, stopped as Ctrl-C stops it. */
    record RunningStack(Process process, String url) implements AutoCloseable {

        static RunningStack start(Path dataDir) throws IOException {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LocalService.class.getName(),
                    "--data-dir", dataDir.toString(), "--port", "0", "--template", SamTemplate.locate().toString(),
                    "--recompute-every", "3600")
                    .redirectErrorStream(true).start();
            var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.trim().startsWith("Site and API: ")) {
                    String url = line.trim().substring("Site and API: ".length()).trim();
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "stack-out");
                    drain.setDaemon(true);
                    drain.start();
                    return new RunningStack(process, url);
                }
            }
            throw new AssertionError("the stack did not start:\n" + seen);
        }

        URI uri(String path) {
            return URI.create(url + path);
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A voter, created as the page creates one: the challenge solved, then POST /voters; its "vid=…" cookie. */
        String newVoter() throws IOException, InterruptedException {
            var issued = send(HttpRequest.newBuilder(uri("/voters/challenge")).GET());
            assertThat(issued.statusCode()).isEqualTo(200);
            var challenge = dev.verdict.core.json.Json.readBody(issued.body());
            String text = challenge.get("challenge").asText();
            String nonce = dev.verdict.votes.ProofOfWork.solve(text, challenge.get("difficulty").asInt());
            var created = send(HttpRequest.newBuilder(uri("/voters")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}")));
            assertThat(created.statusCode()).isEqualTo(201);
            return created.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        }

        /** code-llama-4's community ship count, once it reaches {@code ship} or after {@code seconds}. */
        long shipWithin(long ship, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long now;
            do {
                var get = send(HttpRequest.newBuilder(uri("/comparisons/" + SLUG)).GET());
                now = Json.readBody(get.body()).get("tools").get(1).get("community").get("ship").asLong();
                if (now == ship) {
                    return now;
                }
                Thread.sleep(100);
            } while (System.nanoTime() < deadline);
            return now;
        }

        /**
         * Stops the stack the way Ctrl-C does. A terminal's Ctrl-C is SIGINT, but a process started in the background
         * inherits SIGINT ignored (as this test's JVM may be), so we send SIGTERM: the JVM runs the same shutdown hooks
         * for both, and the engine ignores SIGINT and leaves with its parent either way.
         */
        void ctrlC() throws Exception {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the stack stops on Ctrl-C").isTrue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
