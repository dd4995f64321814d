package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.localkit.ApiContract;
import dev.verdict.localkit.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Double opt-in on the local stack over real HTTP: the signup function stores the request, the subscribers table's
 * stream feeds the mailer, the message lands in DATA_DIR/outbox, and its links confirm and unsubscribe.
 */
class SignupEndToEndTest {

    static LocalService stack;
    static Path dataDir;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("signup-e2e");
        stack = LocalService.start(new LocalService.Options(dataDir, false, 0, null, SamTemplate.locate(), 3600));
    }

    /** Every API request this test sent through the front door, and every answer, agreed with openapi.yaml. */
    @AfterEach
    void everyExchangeFollowedTheOpenApiDocument() {
        assertThat(ApiContract.drainMismatches()).as("exchanges that disagree with openapi.yaml").isEmpty();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theConfirmLinkFromTheOutboxConfirmsAndTheOneClickLinkUnsubscribes() throws Exception {
        var signup = http.send(HttpRequest.newBuilder(URI.create(stack.url() + "/subscriptions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"e2e.reader@example.com\",\"source\":\"aider-vs-continue\",\"consent\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signup.statusCode()).isEqualTo(202);
        assertThat(signup.body()).isEqualTo("{\"status\":\"pending\"}");

        String message = messageWithinTenSeconds().orElseThrow(() -> new AssertionError("no .eml in the outbox"));
        assertThat(message).contains("To: <e2e.reader@example.com>").contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
        String confirm = link(message, "/subscriptions/confirm");
        String unsubscribe = link(message, "/subscriptions/unsubscribe");

        // Opening the link shows a button (a scanner's GET confirms nothing); the button posts the same link.
        var page = http.send(HttpRequest.newBuilder(URI.create(confirm)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"?token=");
        var button = http.send(HttpRequest.newBuilder(URI.create(confirm)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(button.statusCode()).isEqualTo(303);
        assertThat(button.headers().firstValue("Location")).contains(stack.url() + "/confirmed");

        var oneClick = http.send(HttpRequest.newBuilder(URI.create(unsubscribe))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).isEqualTo("{\"status\":\"unsubscribed\"}");
    }

    /** The first .eml in the outbox, waiting up to ten seconds for the stream poller and the mailer. */
    static Optional<String> messageWithinTenSeconds() throws Exception {
        Path outbox = dataDir.resolve("outbox");
        long deadline = System.nanoTime() + 10_000_000_000L;
        do {
            if (Files.isDirectory(outbox)) {
                try (Stream<Path> files = Files.list(outbox)) {
                    List<Path> messages = files.filter(f -> f.toString().endsWith(".eml")).toList();
                    if (!messages.isEmpty()) {
                        return Optional.of(Files.readString(messages.getFirst(), StandardCharsets.US_ASCII));
                    }
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static String link(String message, String path) {
        Matcher m = Pattern.compile(Pattern.quote(stack.url() + path) + "\\?token=[A-Za-z0-9_-]{43}").matcher(message);
        assertThat(m.find()).as("a %s link in the message", path).isTrue();
        return m.group();
    }
}
