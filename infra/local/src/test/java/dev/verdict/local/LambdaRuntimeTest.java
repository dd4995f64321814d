package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.content.CatalogueReader;
import dev.verdict.content.CatalogueWriter;
import dev.verdict.content.ContentLoader;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.HttpAnswer;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.localkit.RicFunction;
import dev.verdict.localkit.SnsEvents;
import dev.verdict.localkit.StreamPoller;
import dev.verdict.localkit.TestTables;
import dev.verdict.signups.MailSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * Every function of template.yaml as Lambda runs it: its deployable jar (CodeUri, as {@code sam build} takes it with
 * SkipBuild) started under the official Runtime Interface Client in a JVM of its own, with Lambda's java21 flags, only
 * the environment Lambda sets plus the function's variables from template.yaml (pointed at this JVM's DynamoDB engine),
 * SnapStart's {@code snap-start} initialisation (so the CRaC priming hook runs), and the handler string from the
 * template; fed the JSON API Gateway, DynamoDB Streams and EventBridge send, through the project's Runtime API emulator.
 * The six JVMs start side by side; each test waits for its own function's INIT, so a failed INIT names its function.
 */
class LambdaRuntimeTest {

    static final Path ROOT = TemplateContractTest.ROOT;
    static final String SLUG = "google-scion-vs-code-llama-4";
    static final Duration INIT_LIMIT = Duration.ofSeconds(90);

    static TestTables tables;
    static Path dataDir;
    static final Map<String, RicFunction> functions = new ConcurrentHashMap<>();
    static final Map<String, Duration> inits = new ConcurrentHashMap<>();

    @BeforeAll
    static void startEveryFunction() throws Exception {
        tables = TestTables.prepared("catalogue", t -> new ContentLoader(new CatalogueWriter(t.client(), t.table("ContentTable")))
                .load(CatalogueReader.fromClasspath()));
        dataDir = Files.createTempDirectory("lambda-runtime");
        // Stand-ins only where the machine has no AWS: SES becomes the outbox under DATA_DIR.
        Map<String, String> local = Map.of(MailSettings.MAIL_SENDER, "outbox", MailSettings.DATA_DIR, dataDir.toString());
        for (FunctionSpec function : tables.template().functions()) {
            functions.put(function.logicalId(), RicFunction.start(new RicFunction.Launch(function.logicalId(),
                    function.handler(), ROOT.resolve(function.codeUri()), tables.environment(function.logicalId(), local),
                    tables.template().memorySize(function), Duration.ofSeconds(tables.template().timeoutSeconds(function)),
                    tables.template().snapStart(function), List.of())));
        }
    }

    @AfterAll
    static void stopEveryFunction() {
        functions.forEach((name, function) -> {
            // The figures the README's memory section quotes: INIT under the RIC, and the JVM's peak resident memory.
            System.out.printf("LAMBDA-RUNTIME %s init=%d ms peakResident=%d MB%n", name,
                    inits.getOrDefault(name, Duration.ZERO).toMillis(), function.peakResidentMb());
            function.close();
        });
    }

    /** The function, once its INIT is over (the runtime's first /next call); INIT failing names the function. */
    static RicFunction function(String logicalId) {
        RicFunction function = functions.get(logicalId);
        assertThat(function).as("template.yaml declares %s", logicalId).isNotNull();
        inits.computeIfAbsent(logicalId, id -> function.awaitInit(INIT_LIMIT));
        return function;
    }

    static LambdaResult invoke(String logicalId, byte[] event) {
        return function(logicalId).invoke(event);
    }

    /** An HTTP API request, answered as API Gateway maps the function's answer; a function error names itself. */
    static HttpAnswer request(String logicalId, HttpEvents request) {
        LambdaResult result = invoke(logicalId, request.json());
        assertThat(result.ok()).as("%s failed: %s", logicalId, result.describe()).isTrue();
        return HttpAnswer.of(result);
    }

    static JsonNode body(HttpAnswer answer) {
        return Json.readBody(answer.bodyText());
    }

    @Test
    void theReadFunctionAnswersAComparison() {
        HttpAnswer answer = request("ComparisonsFunction", HttpEvents.request("GET", "/comparisons/{slug}").path("slug", SLUG));

        assertThat(answer.status()).as(answer.bodyText()).isEqualTo(200);
        assertThat(answer.header("ETag")).isNotBlank();
        assertThat(body(answer).get("tools").get(0).get("panel").get("shipPercent").asInt()).isEqualTo(50);
        assertThat(body(answer).get("tools").get(1).get("panel").get("shipPercent").asInt()).isEqualTo(75);
    }

    @Test
    void theVotersFunctionCreatesAVoterForASolvedProofAndTheVoteFunctionKnowsItByItsCookie() {
        String cookie = newVoter("198.51.100.20");

        HttpAnswer cast = request("VotesFunction", vote("ship", "198.51.100.20").cookie(cookie));
        HttpAnswer again = request("VotesFunction", vote("ship", "198.51.100.20").cookie(cookie));
        HttpAnswer changedTooSoon = request("VotesFunction", vote("skip", "198.51.100.20").cookie(cookie));

        assertThat(cast.status()).as(cast.bodyText()).isEqualTo(200);
        assertThat(body(cast).get("changed").asBoolean()).isTrue();
        assertThat(body(again).get("changed").asBoolean()).as("the same verdict again changes nothing").isFalse();
        assertThat(again.cookies()).as("a known voter gets no new cookie").noneMatch(c -> c.startsWith("vid="));
        // The change limit lives in the vote's own condition: a change within its interval is refused, with when to retry.
        assertThat(changedTooSoon.status()).isEqualTo(429);
        assertThat(changedTooSoon.header("Retry-After")).isIn("1", "2");
    }

    @Test
    void aVoteWithoutAVoterIsRefusedWith401AndNoCookie() {
        HttpAnswer refused = request("VotesFunction", vote("ship", "198.51.100.21"));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.cookies()).noneMatch(c -> c.startsWith("vid="));
    }

    /** GET /voters/challenge and POST /voters through the voters function's own JVM: the "vid=…" cookie. */
    static String newVoter(String sourceIp) {
        HttpAnswer issued = request("VotersFunction", HttpEvents.request("GET", "/voters/challenge").sourceIp(sourceIp));
        assertThat(issued.status()).as(issued.bodyText()).isEqualTo(200);
        JsonNode challenge = body(issued);
        String text = challenge.get("challenge").asText();
        String nonce = dev.verdict.votes.ProofOfWork.solve(text, challenge.get("difficulty").asInt());
        HttpAnswer created = request("VotersFunction", HttpEvents.request("POST", "/voters").sourceIp(sourceIp)
                .jsonBody("{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}"));
        assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
        return created.cookies().stream().filter(c -> c.startsWith("vid=")).findFirst()
                .orElseThrow(() -> new AssertionError("no vid cookie in " + created.cookies())).split(";", 2)[0];
    }

    static HttpEvents vote(String verdict, String sourceIp) {
        return HttpEvents.request("PUT", "/comparisons/{slug}/votes/{toolId}").path("slug", SLUG).path("toolId", "google-scion")
                .jsonBody("{\"verdict\":\"" + verdict + "\"}").sourceIp(sourceIp);
    }

    @Test
    void aStreamBatchMovesTheAggregateByExactlyOneAndAnswersWithStateThenTheWindowCloses() {
        HttpAnswer cast = request("VotesFunction", HttpEvents.request("PUT", "/comparisons/{slug}/votes/{toolId}")
                .path("slug", "aider-vs-continue").path("toolId", "aider").jsonBody("{\"verdict\":\"ship\"}").sourceIp("198.51.100.30")
                .cookie(newVoter("198.51.100.30")));
        assertThat(cast.status()).as(cast.bodyText()).isEqualTo(200);
        StreamRecords votes = streamRecords("VotesTable", r -> r.dynamodb().keys().get("sk").s().equals("TOOL#aider"));
        long before = communityShip("aider");
        LambdaEvents.Window window = LambdaEvents.Window.containing(Instant.now(), 900);
        byte[] batch = LambdaEvents.windowBatch(votes.records(), window, null, votes.shardId(), votes.streamArn(), false);

        LambdaResult applied = invoke("VoteStreamFunction", batch);
        LambdaResult redelivered = invoke("VoteStreamFunction", batch);
        LambdaResult finalInvoke = invoke("VoteStreamFunction",
                LambdaEvents.windowBatch(List.of(), window, answer(applied).get("state"), votes.shardId(), votes.streamArn(), true));

        for (LambdaResult result : List.of(applied, redelivered, finalInvoke)) {
            assertThat(result.ok()).as("VoteStreamFunction failed: %s", result.describe()).isTrue();
            assertThat(answer(result).path("state").isObject()).as("a tumbling-window answer must carry state: %s", result.json())
                    .isTrue();
            assertThat(answer(result).get("batchItemFailures")).as(result.json()).isEmpty();
        }
        assertThat(communityShip("aider")).as("once, though the batch came twice").isEqualTo(before + 1);
    }

    @Test
    void theRecomputeRunsOnItsScheduledEvent() {
        LambdaResult result = invoke("RecomputeFunction", LambdaEvents.scheduled(
                LambdaEvents.ruleArn("RecomputeFunction", "Recount"), Instant.now()));

        assertThat(result.ok()).as("RecomputeFunction failed: %s", result.describe()).isTrue();
        assertThat(answer(result).get("itemsScanned")).as(result.json()).isNotNull();
    }

    @Test
    void aSignupIsAcceptedAndTheMailerSendsItsConfirmationFromTheStream() throws Exception {
        HttpAnswer signup = request("SignupsFunction", HttpEvents.request("POST", "/subscriptions")
                .jsonBody("{\"email\":\"runtime.reader@example.com\",\"source\":\"aider-vs-continue\",\"consent\":true}")
                .sourceIp("198.51.100.40"));
        assertThat(signup.status()).as(signup.bodyText()).isEqualTo(202);
        assertThat(signup.bodyText()).isEqualTo("{\"status\":\"pending\"}");

        StreamRecords subscribers = streamRecords("SubscribersTable",
                r -> r.dynamodb().keys().get("pk").s().contains("runtime.reader@example.com"));
        LambdaResult mailed = invoke("ConfirmationMailerFunction", LambdaEvents.streamBatch(subscribers.records()));

        assertThat(mailed.ok()).as("ConfirmationMailerFunction failed: %s", mailed.describe()).isTrue();
        assertThat(answer(mailed).path("batchItemFailures")).as(mailed.json()).isEmpty();
        try (Stream<Path> files = Files.list(dataDir.resolve("outbox"))) {
            assertThat(files.map(LambdaRuntimeTest::read)).anyMatch(m -> m.contains("To: <runtime.reader@example.com>"));
        }
    }

    @Test
    void theComposedIssueIsPlannedOnItsScheduleAndTheSendFunctionMailsACopyFromTheStream() throws Exception {
        Map<String, AttributeValue> reader = Map.of("pk", AttributeValue.fromS("ADDRESS#issue.reader@example.com"),
                "deliverTo", AttributeValue.fromS("issue.reader@example.com"), "status", AttributeValue.fromS("CONFIRMED"),
                "cycle", AttributeValue.fromS("runtime-cycle"));
        tables.client().putItem(b -> b.tableName(tables.table("SubscribersTable")).item(reader));
        // Fired on Monday 23 February: the week of 16–22 February, in which the sample catalogue published a comparison.
        LambdaResult composed = invoke("NewsletterComposeFunction", LambdaEvents.scheduled(
                LambdaEvents.ruleArn("NewsletterComposeFunction", "Weekly"), Instant.parse("2026-02-23T08:00:00Z")));
        assertThat(composed.ok()).as("NewsletterComposeFunction failed: %s", composed.describe()).isTrue();
        assertThat(answer(composed).get("issue").asText()).as(composed.json()).isEqualTo("2026-W08");

        StreamRecords planned = streamRecords("NewsletterTable", r -> r.dynamodb().keys().get("pk").s().equals("DELIVERY#2026-W08")
                && r.dynamodb().keys().get("sk").s().equals("issue.reader@example.com"));
        assertThat(planned.records()).hasSize(1);
        LambdaResult sent = invoke("NewsletterSendFunction", LambdaEvents.streamBatch(planned.records()));

        assertThat(sent.ok()).as("NewsletterSendFunction failed: %s", sent.describe()).isTrue();
        assertThat(answer(sent).path("batchItemFailures")).as(sent.json()).isEmpty();
        try (Stream<Path> files = Files.list(dataDir.resolve("outbox"))) {
            assertThat(files.map(LambdaRuntimeTest::read)).anyMatch(m -> m.contains("To: <issue.reader@example.com>")
                    && m.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        }
    }

    @Test
    void aSignedBounceFromTheTopicSuppressesItsReaderAndAForgedOneIsRefused() throws Exception {
        Map<String, AttributeValue> reader = new LinkedHashMap<>(Map.of("pk", AttributeValue.fromS("ADDRESS#bounced.reader@example.com"),
                "deliverTo", AttributeValue.fromS("bounced.reader@example.com"), "status", AttributeValue.fromS("CONFIRMED")));
        tables.client().putItem(b -> b.tableName(tables.table("SubscribersTable")).item(reader));
        String topic = SnsEvents.topicArn("MailFeedbackTopic");
        String bounce = "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"feedbackId\":\"runtime-1\","
                + "\"bouncedRecipients\":[{\"emailAddress\":\"bounced.reader@example.com\"}]}}";
        var forger = java.security.KeyPairGenerator.getInstance("RSA");
        forger.initialize(2048);

        LambdaResult result = invoke("MailFeedbackFunction", SnsEvents.event(List.of(
                SnsEvents.record(topic, "11111111-forged", bounce, Instant.now(), forger.generateKeyPair().getPrivate()),
                SnsEvents.record(topic, "22222222-signed", bounce, Instant.now(), SnsEvents.LOCAL_KEY, "1"))));

        assertThat(result.ok()).as("MailFeedbackFunction failed: %s", result.describe()).isTrue();
        assertThat(answer(result).get("refused").asInt()).as(result.json()).isEqualTo(1);
        assertThat(answer(result).get("suppressed").asInt()).as(result.json()).isEqualTo(1);
        var stored = tables.client().getItem(b -> b.tableName(tables.table("SubscribersTable")).consistentRead(true)
                .key(Map.of("pk", reader.get("pk")))).item();
        assertThat(stored.get("suppressedReason").s()).isEqualTo("bounce");
    }

    @Test
    void everyFunctionRanSnapStartsCheckpointAndRestoreAsOnLambda() {
        for (FunctionSpec spec : tables.template().functions()) {
            RicFunction function = function(spec.logicalId());
            if (tables.template().snapStart(spec)) {
                assertThat(function.runtimeApi().restoreCalls()).as("%s restore calls", spec.logicalId()).containsExactly("next");
                // SnapStartPriming's beforeCheckpoint made its DynamoDB request, which logs only when it fails.
                assertThat(function.logLines("priming request failed")).as("%s priming", spec.logicalId()).isEmpty();
            }
        }
    }

    // ---- Bad input: an event of the wrong shape gets a clean answer or a clean, logged error, never a hang ----

    @Test
    void aStreamBatchSentToTheReadFunctionIsAnsweredNotFound() {
        StreamRecords any = new StreamRecords(List.of(LambdaEvents.streamRecord("e1", "INSERT", "1",
                Map.of("pk", AttributeValue.fromS("VOTER#x")), null, null, Instant.now(), 10, null, "arn:stream")), "s", "arn:stream");
        LambdaResult result = invoke("ComparisonsFunction", LambdaEvents.streamBatch(any.records()));

        HttpAnswer answer = HttpAnswer.of(result);
        assertThat(answer.status()).as(result.describe()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.bodyText()).doesNotContain("Exception");
        assertThat(request("ComparisonsFunction", HttpEvents.request("GET", "/health")).status()).isEqualTo(200);
    }

    @Test
    void anEmptyEventIsACleanLoggedErrorAndTheFunctionServesTheNextOne() {
        LambdaResult result = invoke("ComparisonsFunction", new byte[0]);

        assertThat(result.ok()).isFalse();
        assertThat(result.errorType()).isEqualTo("java.lang.RuntimeException");
        assertThat(result.errorMessage()).isEqualTo("An error occurred during JSON parsing");
        assertThat(HttpAnswer.of(result).status()).as("API Gateway's answer to a function error").isEqualTo(500);
        assertThat(logged("ComparisonsFunction", "An error occurred during JSON parsing")).isNotEmpty();
        assertThat(request("ComparisonsFunction", HttpEvents.request("GET", "/health")).status()).isEqualTo(200);
    }

    @Test
    void aVoteWithAnEmptyBodyIsABadRequest() {
        HttpAnswer answer = request("VotesFunction", HttpEvents.request("PUT", "/comparisons/{slug}/votes/{toolId}")
                .path("slug", SLUG).path("toolId", "code-llama-4").header("content-type", "application/json").sourceIp("198.51.100.50"));

        assertThat(answer.status()).as(answer.bodyText()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void aScheduledEventWithFieldsItDoesNotKnowIsStillRead() {
        ObjectNode event = LambdaEvents.scheduledTree(LambdaEvents.ruleArn("RecomputeFunction", "Recount"), Instant.now());
        event.put("replay-name", "an EventBridge field added after the event library was written");
        event.putObject("detail").put("unexpected", true);

        LambdaResult result = invoke("RecomputeFunction", event.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(result.ok()).as("RecomputeFunction failed: %s", result.describe()).isTrue();
        assertThat(answer(result).get("itemsScanned")).isNotNull();
    }

    @Test
    void anApiRequestSentToTheStreamFunctionAppliesNothingAndKeepsTheWindowAlive() {
        long before = communityShip("continue");

        LambdaResult result = invoke("VoteStreamFunction", HttpEvents.request("GET", "/health").json());

        assertThat(result.ok()).as("VoteStreamFunction failed: %s", result.describe()).isTrue();
        assertThat(answer(result).path("state").isObject()).as(result.json()).isTrue();
        assertThat(communityShip("continue")).isEqualTo(before);
    }

    @Test
    void aBatchWithAMalformedRecordAppliesTheRestAndStepsOverIt() {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/VotesTable/stream/runtime";
        Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS("VOTER#malformed-1"), "sk", AttributeValue.fromS("TOOL#continue"));
        Map<String, AttributeValue> good = new LinkedHashMap<>(Map.of("pk", AttributeValue.fromS("VOTER#wellformed-1"),
                "sk", AttributeValue.fromS("TOOL#continue"), "toolId", AttributeValue.fromS("continue"),
                "verdict", AttributeValue.fromS("ship"), "comparison", AttributeValue.fromS("aider-vs-continue"),
                "votedAt", AttributeValue.fromS("2026-11-27T00:00:00Z")));
        List<ObjectNode> records = List.of(
                LambdaEvents.streamRecord("bad", "INSERT", "900000000000000000001", keys, Map.of("verdict", AttributeValue.fromS("maybe")),
                        null, Instant.now(), 50, null, arn),
                LambdaEvents.streamRecord("good", "INSERT", "900000000000000000002", Map.of("pk", good.get("pk"), "sk", good.get("sk")),
                        good, null, Instant.now(), 50, null, arn));
        long before = communityShip("continue");

        LambdaResult result = invoke("VoteStreamFunction", LambdaEvents.windowBatch(records,
                LambdaEvents.Window.containing(Instant.now(), 900), null, "shardId-runtime-malformed", arn, false));

        assertThat(result.ok()).as("VoteStreamFunction failed: %s", result.describe()).isTrue();
        assertThat(answer(result).get("batchItemFailures")).as(result.json()).isEmpty();
        assertThat(communityShip("continue")).isEqualTo(before + 1);
        assertThat(logged("VoteStreamFunction", "malformed vote stream record")).isNotEmpty();
    }

    // ---- helpers ----

    /** The function's log lines containing {@code text}, waiting a moment: the log reaches us after the answer. */
    static List<String> logged(String logicalId, String text) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> lines;
        while ((lines = function(logicalId).logLines(text)).isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return lines;
    }

    static JsonNode answer(LambdaResult result) {
        return LambdaEvents.tree(result.payload());
    }

    /** The community ship count of a tool, as the aggregates hold it. */
    static long communityShip(String toolId) {
        var item = tables.client().getItem(b -> b.tableName(tables.table("ContentTable")).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("TOOL#" + toolId), "sk", AttributeValue.fromS("COMMUNITY")))).item();
        return item == null || !item.containsKey("ship") ? 0 : Long.parseLong(item.get("ship").n());
    }

    /** Stream records of one shard, in the JSON Lambda passes on, and where they came from. */
    record StreamRecords(List<ObjectNode> records, String shardId, String streamArn) {
    }

    /** The records of a table's stream that {@code which} picks (all in one shard here), read as the mapping reads them. */
    static StreamRecords streamRecords(String tableLogicalId, java.util.function.Predicate<Record> which) {
        var streams = tables.dynamo().streamsClient();
        String arn = StreamPoller.streamArn(tables.client(), tables.table(tableLogicalId));
        for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<ObjectNode> picked = new ArrayList<>();
            while (iterator != null) {
                String at = iterator;
                var page = streams.getRecords(b -> b.shardIterator(at));
                page.records().stream().filter(which).forEach(r -> picked.add(LambdaEvents.streamRecord(r, arn)));
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
            if (!picked.isEmpty()) {
                return new StreamRecords(picked, shard.shardId(), arn);
            }
        }
        throw new AssertionError("no matching record in the " + tableLogicalId + " stream");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
