package dev.verdict.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.config.Settings;
import dev.verdict.core.json.Json;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.HttpAnswer;
import dev.verdict.localkit.HttpEvents;
import dev.verdict.localkit.LambdaHost;
import dev.verdict.votes.Difficulty;
import dev.verdict.votes.ProofOfWork;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

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
        long timeout = BenchStack.timeoutMillis(stack.template(), votersFunction);
        try (LambdaHost handler = LambdaHost.of(votersFunction, stack.environment(votersFunction), Duration.ofMillis(timeout))) {
            return measure(handler, votersFunction, samples, fakeVoters);
        }
    }

    private Result measure(LambdaHost handler, FunctionSpec votersFunction, int samples, int fakeVoters) {
        Difficulty difficulty = Difficulty.from(new Settings(stack.environment(votersFunction)::get));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wallNs = new long[samples];
        long cpuNs = 0;
        long hashes = 0;
        for (int i = 0; i < samples; i++) {
            // A network of its own each (a /24 of the documentation range), so each is asked the base difficulty.
            String address = "198.18." + i + ".7";
            JsonNode challenge = Json.readBody(call(handler, "GET", "/voters/challenge", address, null).bodyText());
            String text = challenge.get("challenge").asText();
            int bits = challenge.get("difficulty").asInt();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            String nonce = ProofOfWork.solve(text, bits);
            wallNs[i] = System.nanoTime() - wallStart;
            cpuNs += threads.getCurrentThreadCpuTime() - cpuStart;
            hashes += Long.parseLong(nonce) + 1;
            HttpAnswer created = call(handler, "POST", "/voters", address,
                    "{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}");
            if (created.status() != 201) {
                throw new IllegalStateException("the voters function refused a solved proof: " + created.bodyText());
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

    private static HttpAnswer call(LambdaHost handler, String method, String path, String address, String body) {
        HttpEvents event = HttpEvents.request(method, path).sourceIp(address).header("user-agent", "bench");
        if (body != null) {
            event.jsonBody(body);
        }
        return HttpAnswer.of(handler.invoke(event.json()));
    }
}
