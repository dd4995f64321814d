package dev.verdict.votes;

import dev.verdict.core.http.ApiException;
import dev.verdict.core.signing.Signer;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Creating voters: "a voter costs something to create, and nothing to keep". A client asks for a challenge, whose
 * difficulty follows how many voters its network prefix created lately, solves it, and redeems the proof for a new
 * voter id. Nothing here is keyed on a voter, and nothing is refused for being busy: a busy network is asked for more
 * work, never turned away, and a voter once created votes without ever meeting its network again.
 */
@Singleton
final class Voters {

    /** Digits only, as the contract says; 32 of them is more than 2^100 tries, so nobody honest needs more. */
    private static final Pattern NONCE = Pattern.compile("[0-9]{1,32}");
    /** A redemption that races others on its network's counter retries this often before asking the client to. */
    private static final int ATTEMPTS = 4;

    private final Challenges challenges;
    private final VotersTable table;
    private final Signer signer;
    private final Difficulty difficulty;
    private final SecureRandom random = new SecureRandom();

    Voters(Challenges challenges, VotersTable table, Signer signer, Difficulty difficulty) {
        this.challenges = challenges;
        this.table = table;
        this.signer = signer;
        this.difficulty = difficulty;
    }

    /** A challenge for a client on {@code network}, as hard as that network's recent voters make it. One read. */
    Challenge challengeFor(NetworkPrefix network, Instant now) {
        String prefixKey = prefixKey(network);
        long recent = table.recent(prefixKey, now).estimate(now);
        return challenges.issue(prefixKey, difficulty.forRecentVoters(recent), now);
    }

    /**
     * Redeems a solved challenge for a new voter, whose id (128 random bits) it returns. A wrong,
     * spent, expired or foreign challenge, a nonce that does not meet it, or one that no longer meets what the network
     * owes: 400, having written nothing but (for a good proof) the spent marker. Checking costs one hash before any
     * request, so bad proofs cost us no DynamoDB request at all.
     */
    String create(String challengeText, String nonce, NetworkPrefix network, Instant now) {
        if (!NONCE.matcher(nonce).matches()) {
            throw ApiException.badRequest("'nonce' must be 1 to 32 ASCII digits.");
        }
        String prefixKey = prefixKey(network);
        Challenge challenge = challenges.read(challengeText, prefixKey).orElseThrow(() -> ApiException.badRequest(
                "This challenge is not one we issued to your network; get a new one from GET /voters/challenge."));
        if (!now.isBefore(challenge.expiresAt())) {
            throw ApiException.badRequest("This challenge has expired; get a new one from GET /voters/challenge.");
        }
        if (ProofOfWork.leadingZeroBits(challenge.text(), nonce) < challenge.difficulty()) {
            throw ApiException.badRequest("The nonce does not solve the challenge: its SHA-256 has fewer than "
                    + challenge.difficulty() + " leading zero bits.");
        }
        for (int attempt = 1; ; attempt++) {
            VotersTable.RecentVoters recent = table.recent(prefixKey, now);
            long admitted = difficulty.recentVotersAdmittedBy(challenge.difficulty());
            long currentBelow = admitted == Long.MAX_VALUE ? Long.MAX_VALUE : admitted - recent.previousWeighted(now);
            VotersTable.Spend spend = currentBelow <= 0 ? VotersTable.Spend.DIFFICULTY_ROSE
                    : table.spend(challenge, prefixKey, currentBelow, now);
            switch (spend) {
                case CREATED -> {
                    return newVoterId();
                }
                case ALREADY_SPENT -> throw ApiException.badRequest(
                        "This challenge has been used already; get a new one from GET /voters/challenge.");
                case DIFFICULTY_ROSE -> throw ApiException.badRequest("Your network created many voters since this "
                        + "challenge was issued, so it now takes more work; get a new one from GET /voters/challenge.");
                case CONTENDED -> {
                    if (attempt >= ATTEMPTS) {
                        throw ApiException.unavailable("Too many voters are being created on your network at once; "
                                + "send the same proof again in a moment.");
                    }
                    sleepBeforeRetry(attempt);
                }
            }
        }
    }

    /** A keyed hash, so that the table holds no address and a prefix's count cannot be looked up without the key. */
    private String prefixKey(NetworkPrefix network) {
        return signer.hash("voter-network-prefix", network.cidr());
    }

    private String newVoterId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Backoff with jitter (10–40 ms, doubling), so racing redemptions do not collide again in step. */
    private static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5L << attempt, 20L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted; send the same proof again.");
        }
    }
}
