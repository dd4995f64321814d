package dev.verdict.bench;

import dev.verdict.core.signing.Signer;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.HttpAnswer;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaResult;
import dev.verdict.votes.VoterCookie;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One representative event per function, derived from what template.yaml says invokes it, written as the JSON AWS
 * sends (the kit's {@link LambdaEvents}): an HttpApi route (a concrete route, GET with path parameters first, its
 * parameters filled from the shipped catalogue, a JSON body for writes), a DynamoDB stream mapping (a batch of vote
 * inserts, or of signups), or a schedule. A function under the runtime interface client and one in this process get
 * the same bytes.
 */
final class SampleEvents {

    static final String SLUG = "google-scion-vs-code-llama-4";
    static final String TOOL = "code-llama-4";

    private SampleEvents() {
    }

    /**
     * The event for sample {@code n}: writes vary the client address, and a vote comes from voter {@code n}, an
     * existing voter (its cookie signed with {@code signer}, the stack's key), so each sample is a new vote.
     */
    static Optional<byte[]> forFunction(FunctionSpec function, int n, Signer signer) {
        if (!function.routes().isEmpty()) {
            return representativeRoute(function.routes()).map(route -> http(route, n, signer).json());
        }
        if (!function.streams().isEmpty()) {
            FunctionSpec.StreamMapping mapping = function.streams().getFirst();
            return Optional.of(mapping.tableLogicalId().equals("SubscribersTable")
                    ? subscriberBatch(n)
                    : SampleVoteBatches.batch(mapping, n, Math.min(mapping.batchSize(), 10)));
        }
        if (!function.schedules().isEmpty()) {
            return Optional.of(LambdaEvents.scheduled(LambdaEvents.ruleArn(function.logicalId(),
                    function.schedules().getFirst().name()), Instant.now()));
        }
        return Optional.empty();
    }

    static Optional<FunctionSpec.HttpRoute> representativeRoute(List<FunctionSpec.HttpRoute> routes) {
        return routes.stream()
                .filter(r -> !r.method().equals("ANY") && !r.path().contains("+}") && r.path().startsWith("/"))
                .min(Comparator.comparingInt(SampleEvents::preference));
    }

    /**
     * Lower is preferred: a GET with path parameters is the typical read; then writes with parameters; then the rest.
     * Links from mail ({@code /subscriptions/...?token=}) come last: without a live token they only measure a refusal;
     * so does one newsletter issue (the bench's tables hold none), so the archive's list is its sample instead.
     */
    private static int preference(FunctionSpec.HttpRoute route) {
        boolean parameters = route.path().contains("{");
        boolean read = route.method().equals("GET");
        return (read ? 0 : 2) + (parameters ? 0 : 1) + (route.path().equals("/health") ? 10 : 0)
                + (route.path().startsWith("/subscriptions/") || route.path().startsWith("/newsletter/issues/") ? 20 : 0);
    }

    /** Voter ids are 22 base64url characters; sample {@code n}'s is {@code bench} and n in 17 digits. */
    static String voterId(int n) {
        return String.format("bench%017d", n);
    }

    /**
     * A subscribers-stream batch: new pending signups asking for a confirmation message. The subscribers are not in
     * the table, so the mailer reads each one and sends nothing (no mail leaves a benchmark); the INIT and the read
     * path are what is measured.
     */
    static byte[] subscriberBatch(int n) {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/SubscribersTable/stream/bench";
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AttributeValue pk = AttributeValue.fromS("ADDRESS#bench-" + n + "-" + i + "@example.com");
            records.add(LambdaEvents.streamRecord("bench-" + n + "-" + i, "INSERT", String.format("%021d", (long) n * 1000 + i + 1),
                    Map.of("pk", pk), Map.of("pk", pk, "mailRequest", AttributeValue.fromS("bench-" + n + "-" + i)), null,
                    Instant.now(), 100, "NEW_AND_OLD_IMAGES", arn));
        }
        return LambdaEvents.streamBatch(records);
    }

    static HttpEvents http(FunctionSpec.HttpRoute route, int n, Signer signer) {
        HttpEvents event = HttpEvents.request(route.method(), route.path());
        if (route.path().contains("/votes/")) {
            event.cookie("vid=" + VoterCookie.value(signer, voterId(n)));
        }
        for (String segment : route.path().split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                event.path(name, switch (name) {
                    case "slug" -> SLUG;
                    case "id", "toolId" -> TOOL;
                    default -> "x";
                });
            }
        }
        if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
            String path = route.path();
            event.jsonBody(path.contains("/votes") ? "{\"verdict\":\"ship\"}"
                    : path.contains("subscri") ? "{\"email\":\"bench-" + n + "@example.com\",\"source\":\"" + SLUG
                            + "\",\"consent\":true}"
                    : "{}");
        }
        // Documentation range addresses (RFC 5737), a different one per sample.
        return event.sourceIp("198.51." + ((n >> 8) & 0xff) + "." + (n & 0xff));
    }

    /**
     * "ok" for an answer a caller would count as success (a 2xx through API Gateway's mapping, a stream answer with
     * no batchItemFailures); anything else names what went wrong so the sample is refused.
     */
    static String outcome(LambdaResult result) {
        if (!result.ok()) {
            return "error-" + result.describe();
        }
        var answer = LambdaEvents.tree(result.payload());
        if (answer.has("statusCode")) {
            int status = HttpAnswer.of(result).status();
            return status >= 200 && status < 300 ? "ok" : "status-" + status;
        }
        if (answer.path("batchItemFailures").size() > 0) {
            return "batchItemFailures-" + answer.path("batchItemFailures").size();
        }
        return "ok";
    }
}
