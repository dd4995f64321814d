package dev.verdict.votes;

import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.store.FixedWindowCounters;
import dev.verdict.core.store.Signer;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Votes per voter and per client address in fixed windows, counted in DynamoDB so every Lambda instance shares them.
 * The address is only ever stored as a keyed hash. Both counters are checked, so a script that drops its cookie (a new
 * voter each time) is still stopped by its address.
 */
@Singleton
public final class VoteRateLimit {

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

    /** Counts one vote; refuses with 429 and Retry-After once the voter or the address is over its limit. */
    public void admit(String voterId, String sourceIp) {
        Instant now = clock.instant();
        var byVoter = counters.hit("vote:voter:" + voterId, limits.windowSeconds(), now);
        var byAddress = counters.hit("vote:addr:" + signer.hash("client-address", sourceIp), limits.windowSeconds(), now);
        if (byVoter.hits() > limits.perVoter() || byAddress.hits() > limits.perAddress()) {
            long wait = Math.max(1, Duration.between(now, byVoter.windowEnds()).toSeconds());
            throw ApiException.tooManyRequests(wait);
        }
    }
}
