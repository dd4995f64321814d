package dev.verdict.signups;

import dev.verdict.localkit.StreamFeed;
import dev.verdict.localkit.TestClock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.verdict.core.config.Settings;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.TestTables;
import io.micronaut.context.ApplicationContext;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The signup functions as the local stack runs them: the API handler and the mailer built from template.yaml's
 * environment, against their own tables in the local engine, the mailer fed from the table's real stream, messages in an
 * outbox directory, and one hand-moved clock for both.
 */
final class SignupWorld {

    private static final AtomicInteger CLIENTS = new AtomicInteger(1);
    static final Pattern CONFIRM_LINK = Pattern.compile("http://localhost:3000/subscriptions/confirm\\?token=([A-Za-z0-9_-]{43})");
    static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("http://localhost:3000/subscriptions/unsubscribe\\?token=([A-Za-z0-9_-]{43})");

    final TestTables tables = TestTables.create();
    final TestClock clock = new TestClock(Instant.parse("2026-11-27T09:00:00Z"));
    final Path dataDir;
    final SignupsHandler api;
    final ConfirmationMailerHandler mailer;
    final StreamFeed feed;

    SignupWorld(ExecutionInterceptor... interceptors) {
        try {
            dataDir = Files.createTempDirectory("signups-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Object> apiBeans = new ArrayList<>(List.of(clock));
        apiBeans.addAll(List.of(interceptors));
        api = new SignupsHandler(context("SignupsFunction").singletons(apiBeans.toArray()));
        mailer = mailer();
        feed = new StreamFeed(tables.dynamo(), tables.client(), tables.table("SubscribersTable"));
    }

    /** A mailer as template.yaml configures it, locally: the outbox under DATA_DIR; {@code beans} replace its own. */
    ConfirmationMailerHandler mailer(Object... beans) {
        List<Object> singletons = new ArrayList<>(List.of(clock));
        singletons.addAll(List.of(beans));
        return new ConfirmationMailerHandler(context("ConfirmationMailerFunction").singletons(singletons.toArray()));
    }

    private io.micronaut.context.ApplicationContextBuilder context(String function) {
        var env = tables.environment(function, Map.of(
                MailSettings.MAIL_SENDER, "outbox",
                MailSettings.DATA_DIR, dataDir.toString()));
        return ApplicationContext.builder().properties(Settings.asProperties(env));
    }

    /** A client address of its own for each caller, so rate limits of one test never touch another. */
    static String newClient() {
        int n = CLIENTS.getAndIncrement();
        return "198.51." + (n / 250) + "." + (n % 250 + 1);
    }

    APIGatewayV2HTTPResponse call(HttpEvents request) {
        return request.sendTo(api);
    }

    APIGatewayV2HTTPResponse subscribe(String email) {
        return subscribe(email, newClient());
    }

    APIGatewayV2HTTPResponse subscribe(String email, String client) {
        String body = "{\"email\":\"" + email + "\",\"source\":\"google-scion-vs-code-llama-4\",\"consent\":true}";
        return call(HttpEvents.request("POST", "/subscriptions").jsonBody(body).sourceIp(client));
    }

    /** What the Confirm button does (and any program that confirms): a POST of the link. */
    APIGatewayV2HTTPResponse confirm(String token) {
        return call(HttpEvents.request("POST", "/subscriptions/confirm").query("token", token)
                .header("Content-Type", "application/x-www-form-urlencoded").body("", false).sourceIp(newClient()));
    }

    /** What a mail scanner, a prefetcher or a reader's click does: a GET of the link, with {@code accept}. */
    APIGatewayV2HTTPResponse openConfirmLink(String token, String accept) {
        return call(HttpEvents.request("GET", "/subscriptions/confirm").query("token", token).header("Accept", accept)
                .sourceIp(newClient()));
    }

    /** The failures the mailer recorded for a person to act on (the local stand-in for the failure queue). */
    List<Path> mailFailures() {
        Path dir = dataDir.resolve("mail-failures");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many items the rate-limit table holds: bad input must not add any. */
    long rateLimitItems() {
        return tables.client().scan(b -> b.tableName(tables.table("RateLimitTable")).select("COUNT")).count();
    }

    long subscriberItems() {
        return tables.client().scan(b -> b.tableName(tables.table("SubscribersTable")).select("COUNT")).count();
    }

    APIGatewayV2HTTPResponse oneClickUnsubscribe(String token) {
        return call(HttpEvents.request("POST", "/subscriptions/unsubscribe").query("token", token)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click", false).sourceIp(newClient()));
    }

    /** Delivers whatever the subscribers table's stream emitted since last time to the mailer. */
    StreamsEventResponse deliver() {
        return deliver(mailer);
    }

    StreamsEventResponse deliver(ConfirmationMailerHandler to) {
        return to.handleRequest(feed.next(), null);
    }

    List<Path> outbox() {
        Path dir = dataDir.resolve("outbox");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages sent to {@code address}, oldest first, parsed by Jakarta Mail. */
    List<MimeMessage> messagesTo(String address) {
        List<MimeMessage> messages = new ArrayList<>();
        for (Path file : outbox()) {
            MimeMessage message = parse(file);
            try {
                if (message.getHeader("To", ",").contains(address)) {
                    messages.add(message);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return messages;
    }

    static MimeMessage parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token of a link in the message's raw text, as a reader would copy it. */
    static String token(MimeMessage message, Pattern link) {
        try (InputStream raw = message.getRawInputStream()) {
            Matcher m = link.matcher(new String(raw.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
            if (!m.find()) {
                throw new AssertionError("no link " + link + " in the message");
            }
            return m.group(1);
        } catch (IOException | jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Subscribes, delivers the stream to the mailer, and returns the confirm and unsubscribe tokens it sent. */
    String[] subscribeAndReceive(String email) {
        subscribe(email);
        deliver();
        List<MimeMessage> messages = messagesTo(EmailAddress.parse(email).deliverTo());
        MimeMessage last = messages.getLast();
        return new String[] {token(last, CONFIRM_LINK), token(last, UNSUBSCRIBE_LINK)};
    }

    /** Whether a request is a write of a subscriber item on its own (an UpdateItem keyed ADDRESS#, not a rate limit's). */
    static boolean subscriberUpdate(Object request) {
        return request instanceof software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest update
                && update.key().get("pk") != null && update.key().get("pk").s().startsWith("ADDRESS#");
    }

    /** Writes what the newsletter's mail feedback writes for a hard bounce or a complaint, as it writes it. */
    void suppress(String email, String reason) {
        String key = EmailAddress.parse(email).key();
        tables.client().updateItem(b -> b.tableName(tables.table("SubscribersTable"))
                .key(Map.of("pk", AttributeValue.fromS("ADDRESS#" + key)))
                .updateExpression("SET suppressedAt = :now, suppressedReason = :why")
                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(suppressedAt)")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(clock.instant().toString()),
                        ":why", AttributeValue.fromS(reason))));
    }

    Map<String, AttributeValue> subscriberItem(String email) {
        String key = EmailAddress.parse(email).key();
        return tables.client().getItem(b -> b.tableName(tables.table("SubscribersTable"))
                .key(Map.of("pk", AttributeValue.fromS("ADDRESS#" + key))).consistentRead(true)).item();
    }
}
