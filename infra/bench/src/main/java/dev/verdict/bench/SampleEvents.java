package dev.verdict.bench;

import dev.verdict.core.store.Signer;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.votes.VoterCookie;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One representative event per function, derived from what template.yaml says invokes it: an HttpApi route (a concrete
 * route, GET with path parameters first, its parameters filled from the shipped catalogue, a JSON body for writes),
 * a DynamoDB stream mapping (a batch of vote inserts), or a schedule. The event is given as {@link
 * dev.verdict.bench.launch.Events} arguments so a child process and this process build the same object.
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
    static Optional<List<String>> forFunction(FunctionSpec function, int n, Signer signer) {
        if (!function.routes().isEmpty()) {
            return representativeRoute(function.routes()).map(route -> http(route, n, signer));
        }
        if (!function.streams().isEmpty()) {
            FunctionSpec.StreamMapping mapping = function.streams().getFirst();
            return Optional.of(mapping.tableLogicalId().equals("SubscribersTable")
                    ? subscriberBatch(n)
                    : VoteStream.batch(mapping, n, Math.min(mapping.batchSize(), 10)));
        }
        if (!function.schedules().isEmpty()) {
            return Optional.of(List.of("kind=schedule", "rule=arn:aws:events:us-east-1:000000000000:rule/"
                    + function.schedules().getFirst().name()));
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
     * Links from mail ({@code /subscriptions/...?token=}) come last: without a live token they only measure a refusal.
     */
    private static int preference(FunctionSpec.HttpRoute route) {
        boolean parameters = route.path().contains("{");
        boolean read = route.method().equals("GET");
        return (read ? 0 : 2) + (parameters ? 0 : 1) + (route.path().equals("/health") ? 10 : 0)
                + (route.path().startsWith("/subscriptions/") ? 20 : 0);
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
    static List<String> subscriberBatch(int n) {
        List<String> args = new ArrayList<>(List.of("kind=dynamodb",
                "source=arn:aws:dynamodb:us-east-1:000000000000:table/SubscribersTable/stream/bench"));
        for (int i = 0; i < 3; i++) {
            String r = "record." + i + ".";
            String pk = "S:ADDRESS#bench-" + n + "-" + i + "@example.com";
            args.add(r + "eventName=INSERT");
            args.add(r + "seq=" + String.format("%021d", (long) n * 1000 + i + 1));
            args.add(r + "keys.pk=" + pk);
            args.add(r + "new.pk=" + pk);
            args.add(r + "new.mailRequest=S:bench-" + n + "-" + i);
        }
        return args;
    }

    static List<String> http(FunctionSpec.HttpRoute route, int n, Signer signer) {
        List<String> args = new ArrayList<>(List.of("kind=http", "method=" + route.method(), "route=" + route.path()));
        if (route.path().contains("/votes/")) {
            args.add("cookie=vid=" + VoterCookie.value(signer, voterId(n)));
        }
        for (String segment : route.path().split("/")) {
            if (segment.startsWith("{") && segment.endsWith("}")) {
                String name = segment.substring(1, segment.length() - 1);
                args.add("path." + name + "=" + switch (name) {
                    case "slug" -> SLUG;
                    case "id", "toolId" -> TOOL;
                    default -> "x";
                });
            }
        }
        if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
            String path = route.path();
            args.add("body=" + (path.contains("/votes") ? "{\"verdict\":\"ship\"}"
                    : path.contains("subscri") ? "{\"email\":\"bench-" + n + "@example.com\",\"source\":\"" + SLUG
                            + "\",\"consent\":true}"
                    : "{}"));
        }
        // Documentation range addresses (RFC 5737), a different one per sample.
        args.add("sourceIp=198.51." + ((n >> 8) & 0xff) + "." + (n & 0xff));
        return args;
    }
}
