package dev.verdict.votes;

import static dev.verdict.votes.VoteWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How much work a new voter costs its network (API.md, "Voters"): the voters its IPv4 /24 or IPv6 /64 created in about
 * the last hour (this hour's, and the last hour's weighted by how much of it is still within the hour) set the
 * difficulty, one bit more for each doubling, up to the maximum; and a proof is counted only while its network owes at
 * most one bit more than the challenge asked.
 */
class NetworkDifficultyTest {

    /** The base (6 bits for 4 voters) as in VoteWorld, with the maximum two bits above it. */
    static final Map<String, String> LOW_MAXIMUM = Map.of("VOTER_PROOF_MAX_DIFFICULTY", "8");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "IPv4 /24, 192.0.2.%d,            192.0.2.250,         192.0.3.1",
            "IPv6 /64, 2001:db8:5:6:%x::1,    2001:db8:5:6:ffff::9, 2001:db8:5:7::1",
    })
    void difficultyRisesWithTheVotersOfANetworkPrefixAndStopsAtTheMaximum(String family, String addressOfVoter,
                                                                          String sameNetwork, String nextNetwork) {
        VoteWorld world = new VoteWorld(LOW_MAXIMUM);
        List<Integer> asked = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            String address = addressOfVoter.formatted(i);
            JsonNode challenge = world.challenge(address);
            asked.add(challenge.get("difficulty").asInt());
            assertThat(world.redeem(address, VoteWorld.proof(challenge)).getStatusCode()).isEqualTo(201);
        }

        // 4 voters at the base, one bit more for the next 4, then the maximum however many follow.
        assertThat(asked).containsExactly(6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8);
        assertThat(world.challenge(sameNetwork).get("difficulty").asInt()).as("another address of the prefix").isEqualTo(8);
        assertThat(world.challenge(nextNetwork).get("difficulty").asInt()).as("the next prefix").isEqualTo(6);
    }

    @Test
    void aNetworkAtTheMaximumIsNeverRefusedEvenForChallengesFetchedAhead() {
        VoteWorld world = new VoteWorld(LOW_MAXIMUM);
        String address = "198.51.100.31";
        for (int i = 0; i < 8; i++) {
            world.newVoter(address);
        }
        List<String> proofs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JsonNode challenge = world.challenge(address);
            assertThat(challenge.get("difficulty").asInt()).isEqualTo(8);
            proofs.add(VoteWorld.proof(challenge));
        }

        for (String proof : proofs) {
            assertThat(world.redeem(address, proof).getStatusCode()).isEqualTo(201);
        }
        assertThat(world.votersItems()).filteredOn(item -> item.containsKey("created"))
                .singleElement().satisfies(item -> assertThat(item.get("created").n()).isEqualTo("20"));
    }

    @Test
    void aNetworksVotersWeighLessAsTheHourAfterThemPasses() {
        VoteWorld world = new VoteWorld(); // from 09:04
        String address = "203.0.113.140";
        for (int i = 0; i < 8; i++) {
            world.newVoter(address);
        }
        List<Integer> asked = new ArrayList<>();

        asked.add(world.challenge(address).get("difficulty").asInt());    // 09:04, 8 this hour
        world.clock.advance(Duration.ofMinutes(56));
        asked.add(world.challenge(address).get("difficulty").asInt());    // 10:00, all 8 of the last hour
        world.clock.advance(Duration.ofMinutes(30));
        asked.add(world.challenge(address).get("difficulty").asInt());    // 10:30, half of them: 4
        world.clock.advance(Duration.ofMinutes(15));
        asked.add(world.challenge(address).get("difficulty").asInt());    // 10:45, a quarter: 2
        world.clock.advance(Duration.ofMinutes(15));
        asked.add(world.challenge(address).get("difficulty").asInt());    // 11:00, none

        assertThat(asked).containsExactly(8, 8, 7, 6, 6);
    }

    @Test
    void aProofRedeemedJustAfterTheHourTurnsStillPaysForTheLastHoursVoters() {
        VoteWorld world = new VoteWorld();
        String address = "203.0.113.150";
        world.clock.advance(Duration.ofMinutes(48)); // 09:52
        List<String> proofs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            JsonNode challenge = world.challenge(address);
            assertThat(challenge.get("difficulty").asInt()).isEqualTo(6);
            proofs.add(VoteWorld.proof(challenge));
        }
        for (String proof : proofs.subList(0, 8)) {
            assertThat(world.redeem(address, proof).getStatusCode()).isEqualTo(201);
        }

        world.clock.advance(Duration.ofMinutes(8)); // 10:00:00: the 8 count in full, and a 6-bit proof admits 8
        var atTheTurn = world.redeem(address, proofs.get(8));
        world.clock.advance(Duration.ofSeconds(36)); // 1% of the hour gone: 7.92 of them count, so 7
        var oneMore = world.redeem(address, proofs.get(9));
        var andNoMore = world.redeem(address, proofs.get(10));

        assertThat(atTheTurn.getStatusCode()).isEqualTo(400);
        assertThat(atTheTurn.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(json(atTheTurn).get("detail").asText()).contains("more work");
        assertThat(atTheTurn.getCookies()).isNullOrEmpty();
        assertThat(oneMore.getStatusCode()).isEqualTo(201);
        assertThat(andNoMore.getStatusCode()).isEqualTo(400);
        assertThat(json(andNoMore).get("detail").asText()).contains("more work");
        assertThat(andNoMore.getCookies()).isNullOrEmpty();
        assertThat(world.votersItems()).as("9 spent markers, a count of 8 for 09:00 and of 1 for 10:00").hasSize(11)
                .filteredOn(item -> item.containsKey("created"))
                .extracting(item -> item.get("created").n()).containsExactlyInAnyOrder("8", "1");
    }
}
