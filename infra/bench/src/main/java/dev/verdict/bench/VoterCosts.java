package dev.verdict.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.bench.launch.LambdaContext;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.votes.Difficulty;
import dev.verdict.votes.ProofOfWork;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What a voter costs: real challenges from the voters function (the template's difficulty), solved here by the same
 * SHA-256 loop any script would run (ProofOfWork.solve, one thread, CPU time from the thread's own clock) and redeemed;
 * then what 1,000 voters cost at the difficulties the service demands, from the hashing rate measured. 1,000 voters at
 * rising difficulty take hours to solve, so that figure is computed (expected hashes 2^d each ÷ the measured rate),
 * not run; every solved sample is checked by the service.
 */
final class VoterCosts {

    record Result(int samples, int baseDifficulty, int maxDifficulty, double medianWallMs, double hashesPerCpuSecond,
                  double onePrefixCpuSeconds, double distinctPrefixesCpuSeconds, int lastDifficultyOnePrefix) {
    }

    private final BenchStack stack;

    VoterCosts(BenchStack stack) {
        this.stack = stack;
    }

    Result measure(FunctionSpec votersFunction, int samples, int fakeVoters) {
        RequestHandler<Object, Object> handler = InProcessHandlers.create(stack, votersFunction)
                .orElseThrow(() -> new IllegalStateException(votersFunction.handlerClass() + " is not in bench.jar"));
        ServiceConfig config = ServiceConfig.from(stack.environment(votersFunction)::get);
        Difficulty difficulty = Difficulty.of(config.voters());
        long timeout = BenchStack.timeoutMillis(stack.template(), votersFunction);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wallNs = new long[samples];
        long cpuNs = 0;
        long hashes = 0;
        for (int i = 0; i < samples; i++) {
            // A network of its own each (a /24 of the documentation range), so each is asked the base difficulty.
            String address = "198.18." + i + ".7";
            JsonNode challenge = Json.readBody(call(handler, votersFunction, timeout, "GET", "/voters/challenge", address, null).getBody());
            String text = challenge.get("challenge").asText();
            int bits = challenge.get("difficulty").asInt();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            String nonce = ProofOfWork.solve(text, bits);
            wallNs[i] = System.nanoTime() - wallStart;
            cpuNs += threads.getCurrentThreadCpuTime() - cpuStart;
            hashes += Long.parseLong(nonce) + 1;
            var created = call(handler, votersFunction, timeout, "POST", "/voters", address,
                    "{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}");
            if (created.getStatusCode() != 201) {
                throw new IllegalStateException("the voters function refused a solved proof: " + created.getBody());
            }
        }
        double rate = hashes / (cpuNs / 1e9);
        double onePrefix = 0;
        int last = 0;
        for (int i = 0; i < fakeVoters; i++) {
            last = difficulty.forRecentVoters(i);
            onePrefix += Math.pow(2, last);
        }
        double distinct = fakeVoters * Math.pow(2, difficulty.base());
        return new Result(samples, difficulty.base(), difficulty.max(), Stats.median(wallNs) / 1e6, rate,
                onePrefix / rate, distinct / rate, last);
    }

    private static APIGatewayV2HTTPResponse call(RequestHandler<Object, Object> handler, FunctionSpec function, long timeout,
                                                 String method, String path, String address, String body) {
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                .withProtocol("HTTP/1.1").withSourceIp(address).withUserAgent("bench").build();
        var event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(method + " " + path).withRawPath(path)
                .withHeaders(body == null ? java.util.Map.of() : java.util.Map.of("content-type", "application/json"))
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey(method + " " + path)
                        .withStage("$default").withRequestId("bench-voter-" + System.nanoTime()).withHttp(http).build())
                .build();
        return (APIGatewayV2HTTPResponse) handler.handleRequest(event, LambdaContext.of(function.logicalId(), timeout));
    }
}
