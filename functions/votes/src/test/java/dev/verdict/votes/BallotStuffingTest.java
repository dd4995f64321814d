package dev.verdict.votes;

import static dev.verdict.votes.VoteWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 1 and 2, as they were reproduced on the local stack: each was confirmed against the handler before
 * this change (305 cookieless votes: 300 counted; 400 addresses of one /64: 400 counted; after 301 cookieless votes a
 * voter with a cookie on that address got 429). The proofs are cheap in this world (base 6 bits, 4 voters a network
 * at the base), so the rules are exercised at full count in a few seconds.
 */
class BallotStuffingTest {

    final VoteWorld world = new VoteWorld();

    @Test
    void threeHundredAndFiveCookielessVotesFromOneAddressCountNothing() {
        int refused = 0;
        for (int i = 0; i < 305; i++) {
            var response = world.vote(null, "198.51.100.77", "code-llama-4", "ship");
            if (response.getStatusCode() == 401 && response.getCookies() == null) {
                refused++;
            }
        }

        assertThat(refused).isEqualTo(305);
        assertThat(world.allVotes()).isEmpty();
    }

    @Test
    void fourHundredCookielessVotesFromAddressesOfOneSlash64CountNothing() {
        for (int i = 1; i <= 400; i++) {
            assertThat(world.vote(null, "2001:db8:77:1::" + Integer.toHexString(i), "code-llama-4", "ship").getStatusCode())
                    .isEqualTo(401);
        }

        assertThat(world.allVotes()).isEmpty();
    }

    @Test
    @Tag("long")
    void fourHundredAddressesOfOneSlash64ShareOneNetworksRisingDifficultyAndAreNeverRefused() {
        List<Integer> asked = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            String address = "2001:db8:77:1:" + Integer.toHexString(i) + "::" + Integer.toHexString(i * 7);
            JsonNode challenge = world.challenge(address);
            asked.add(challenge.get("difficulty").asInt());
            assertThat(world.redeem(address, VoteWorld.proof(challenge)).getStatusCode()).isEqualTo(201);
        }

        // Base 6 bits for the first 4 voters, one more for each doubling: 400 voters reach 6 + 7 = 13 bits.
        assertThat(asked.subList(0, 4)).containsOnly(6);
        assertThat(asked.get(4)).isEqualTo(7);
        assertThat(asked.getLast()).isEqualTo(13);
        assertThat(asked).isSorted();
        double work = asked.stream().mapToDouble(bits -> Math.pow(2, bits)).sum();
        assertThat(work / (400 * Math.pow(2, 6))).as("work against 400 voters at the base").isGreaterThan(40);
        assertThat(world.challenge("2001:db8:77:2::1").get("difficulty").asInt()).as("the next /64").isEqualTo(6);
        assertThat(world.challenge("2001:db8:77:1:ffff::1").get("difficulty").asInt()).isEqualTo(13);
    }

    @Test
    void aVoterWithACookieIsNotLockedOutByWhatOthersOnItsAddressDo() {
        String address = "192.0.2.200";
        String cookie = world.newVoter(address);
        assertThat(world.vote(cookie, address, "google-scion", "ship").getStatusCode()).isEqualTo(200);

        for (int i = 0; i < 301; i++) {
            world.vote(null, address, "google-scion", "skip");
        }
        for (int i = 0; i < 60; i++) {
            world.redeem(address, VoteWorld.wrongProof(world.challenge(address)));
        }
        for (int i = 0; i < 40; i++) {
            world.newVoter(address);
        }

        world.clock.advance(Duration.ofSeconds(2));
        assertThat(world.vote(cookie, address, "google-scion", "skip").getStatusCode()).isEqualTo(200);
        assertThat(world.vote(cookie, address, "code-llama-4", "ship").getStatusCode()).isEqualTo(200);
        world.clock.advance(Duration.ofSeconds(2));
        assertThat(world.retract(cookie, address, "google-scion").getStatusCode()).isEqualTo(204);
    }

    @Test
    void refusedRedemptionsUseUpNothingAndLeaveTheDifficultyWhereItWas() {
        String address = "203.0.113.61";
        for (int i = 0; i < 50; i++) {
            assertThat(world.redeem(address, VoteWorld.wrongProof(world.challenge(address))).getStatusCode()).isEqualTo(400);
        }
        String expired = VoteWorld.proof(world.challenge(address));
        String spent = VoteWorld.proof(world.challenge(address));
        world.redeem(address, spent);
        world.clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 20; i++) {
            assertThat(world.redeem(address, spent).getStatusCode()).isEqualTo(400);
            assertThat(world.redeem(address, expired).getStatusCode()).isEqualTo(400);
        }

        assertThat(world.challenge(address).get("difficulty").asInt()).isEqualTo(6);
        assertThat(world.votersItems()).as("one spent marker and one count of one").hasSize(2)
                .filteredOn(item -> item.containsKey("created"))
                .singleElement().satisfies(item -> assertThat(item.get("created").n()).isEqualTo("1"));
    }

    @Test
    void aScriptThatFetchesChallengesAheadGainsAtMostOneDoublingOfCheapVoters() {
        String address = "198.51.100.140";
        List<String> proofs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            JsonNode challenge = world.challenge(address);
            assertThat(challenge.get("difficulty").asInt()).isEqualTo(6);
            proofs.add(VoteWorld.proof(challenge));
        }

        int created = 0;
        int refused = 0;
        for (String proof : proofs) {
            var response = world.redeem(address, proof);
            if (response.getStatusCode() == 201) {
                created++;
            } else if (response.getStatusCode() == 400 && json(response).get("detail").asText().contains("more work")) {
                refused++;
            }
        }

        // 4 voters at the base, and one bit of slack: while the network owes 7 bits, a 6-bit proof still counts.
        assertThat(created).isEqualTo(8);
        assertThat(refused).isEqualTo(42);
        assertThat(world.votersItems()).filteredOn(item -> item.containsKey("created"))
                .singleElement().satisfies(item -> assertThat(item.get("created").n()).isEqualTo("8"));
    }
}
