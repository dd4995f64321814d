package dev.verdict.votes;

import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.store.FixedWindowCounters;
import dev.verdict.core.store.Signer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Votes per voter and per client address in fixed windows, counted in DynamoDB so every Lambda instance shares them.
 * The address is only ever stored as a keyed hash. Both counters are checked, so a script that drops its cookie (a new
 * voter each time) is still stopped by its address.
 */
@Singleton
public final class VoteRateLimit {

    private static final Executor SIDE_BY_SIDE = Executors.newVirtualThreadPerTaskExecutor();

    private final FixedWindowCounters counters;
    private final Signer signer;
    private final ServiceConfig.VoteLimits limits;
    private final Clock clock;

    public VoteRateLimit(FixedWindowCounters counters, Signer signer, ServiceConfig config, Clock clock) {
        this.counters = counters;
        this.signer = signer;
        this.limits = config.voteLimits();
        this.clock = clock;
    }

    /**
     * Counts one vote; refuses with 429 and Retry-After once the voter or the address is over its limit. The two
     * counters are independent items, so they are updated side by side (the voter's on a virtual thread): a vote then
     * waits for two round trips to DynamoDB in a row, not three.
     */
    public void admit(String voterId, String sourceIp) {
        Instant now = clock.instant();
        var voterHit = CompletableFuture.supplyAsync(
                () -> counters.hit("vote:voter:" + voterId, limits.windowSeconds(), now), SIDE_BY_SIDE);
        var byAddress = counters.hit("vote:addr:" + signer.hash("client-address", sourceIp), limits.windowSeconds(), now);
        FixedWindowCounters.Count byVoter;
        try {
            byVoter = voterHit.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (byVoter.hits() > limits.perVoter() || byAddress.hits() > limits.perAddress()) {
            long wait = Math.max(1, Duration.between(now, byVoter.windowEnds()).toSeconds());
            throw ApiException.tooManyRequests(wait);
        }
    }
}
