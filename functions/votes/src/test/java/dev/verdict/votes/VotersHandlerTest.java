package dev.verdict.votes;

import static dev.verdict.votes.VoteWorld.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.localkit.HttpEvents;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /voters/challenge and POST /voters, as API.md's "Voters" describes them. */
class VotersHandlerTest {

    static final String IP = "198.51.100.23";

    final VoteWorld world = new VoteWorld();

    @Test
    void issuesASignedShortLivedUncachableChallengeAndWritesNothing() {
        var response = world.challengeResponse(IP);
        JsonNode body = json(response);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json").containsEntry("Cache-Control", "no-store");
        assertThat(body.get("algorithm").asText()).isEqualTo("SHA-256");
        assertThat(body.get("challenge").asText()).hasSizeLessThanOrEqualTo(256).doesNotContain(IP).doesNotContain("198.51");
        assertThat(body.get("difficulty").asInt()).isEqualTo(6);
        assertThat(Instant.parse(body.get("expiresAt").asText())).isEqualTo(VoteWorld.START.plus(Duration.ofMinutes(10)));
        assertThat(world.challenge(IP).get("challenge").asText()).as("each one new").isNotEqualTo(body.get("challenge").asText());
        assertThat(world.votersItems()).isEmpty();
    }

    @Test
    void createsAVoterForASolvedChallengeWithALongLivedHttpOnlyCookieThatVotes() {
        var created = world.redeem(IP, VoteWorld.proof(world.challenge(IP)));

        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getBody()).isEqualTo("{\"status\":\"created\"}");
        assertThat(created.getHeaders()).containsEntry("Cache-Control", "no-store");
        assertThat(created.getCookies()).singleElement().satisfies(setCookie -> assertThat(setCookie).startsWith("vid=")
                .contains("; HttpOnly").contains("; Secure").contains("; SameSite=Lax").contains("; Max-Age=31536000")
                .contains("; Path=/"));
        String cookie = VoteWorld.cookieOf(created);
        assertThat(world.vote(cookie, "192.0.2.1", "code-llama-4", "ship").getStatusCode())
                .as("a voter votes from any address").isEqualTo(200);
        assertThat(world.votesOf(cookie)).hasSize(1);
    }

    @Test
    void refusesANonceThatDoesNotSolveTheChallengeAndWritesNothing() {
        var response = world.redeem(IP, VoteWorld.wrongProof(world.challenge(IP)));

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText()).contains("leading zero bits");
        assertThat(response.getCookies()).isNullOrEmpty();
        assertThat(world.votersItems()).isEmpty();
    }

    @Test
    void refusesAReplayedProofHavingWrittenNothingBeyondTheSpentMarker() {
        String proof = VoteWorld.proof(world.challenge(IP));
        assertThat(world.redeem(IP, proof).getStatusCode()).isEqualTo(201);
        var afterFirst = world.votersItems();

        var replayed = world.redeem(IP, proof);
        var fromElsewhereInTheNetwork = world.redeem("198.51.100.99", proof);

        assertThat(replayed.getStatusCode()).isEqualTo(400);
        assertThat(json(replayed).get("detail").asText()).contains("used already");
        assertThat(fromElsewhereInTheNetwork.getStatusCode()).isEqualTo(400);
        assertThat(replayed.getCookies()).isNullOrEmpty();
        assertThat(world.votersItems()).as("the marker and one count, unchanged").isEqualTo(afterFirst).hasSize(2);
        assertThat(afterFirst).anySatisfy(item -> assertThat(item.get("pk").s()).startsWith("CHALLENGE#"));
        assertThat(afterFirst).filteredOn(item -> item.containsKey("created"))
                .singleElement().satisfies(item -> assertThat(item.get("created").n()).isEqualTo("1"));
    }

    @Test
    void refusesAnExpiredChallengeAndWritesNothing() {
        String proof = VoteWorld.proof(world.challenge(IP));
        world.clock.advance(Duration.ofMinutes(10));

        var response = world.redeem(IP, proof);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(json(response).get("detail").asText()).contains("expired");
        assertThat(response.getCookies()).isNullOrEmpty();
        assertThat(world.votersItems()).isEmpty();
    }

    @Test
    void aProofIsGoodUntilTheMomentItsChallengeExpiresAndNotAtIt() {
        String early = VoteWorld.proof(world.challenge(IP));
        String late = VoteWorld.proof(world.challenge(IP));
        world.clock.advance(Duration.ofMinutes(10).minusMillis(1));

        var lastMoment = world.redeem(IP, early);
        world.clock.advance(Duration.ofMillis(1));
        var atExpiry = world.redeem(IP, late);

        assertThat(lastMoment.getStatusCode()).isEqualTo(201);
        assertThat(atExpiry.getStatusCode()).isEqualTo(400);
        assertThat(json(atExpiry).get("detail").asText()).contains("expired");
        assertThat(atExpiry.getCookies()).isNullOrEmpty();
        assertThat(world.votersItems()).as("the first proof's marker and a count of one").hasSize(2)
                .filteredOn(item -> item.containsKey("created"))
                .singleElement().satisfies(item -> assertThat(item.get("created").n()).isEqualTo("1"));
    }

    @Test
    void everyVoterCreatedIsADifferentVoterWithItsOwnVotes() {
        List<String> cookies = List.of(world.newVoter(IP), world.newVoter(IP), world.newVoter("198.51.100.24"));

        for (String cookie : cookies) {
            assertThat(world.vote(cookie, IP, "code-llama-4", "ship").getStatusCode()).isEqualTo(200);
        }

        assertThat(cookies.stream().map(VoteWorld::voterIdOf)).doesNotHaveDuplicates();
        assertThat(world.allVotes()).hasSize(3);
    }

    @Test
    void refusesAChallengeIssuedToAnotherNetworkOrAlteredAndWritesNothing() {
        String elsewhere = VoteWorld.proof(world.challenge("203.0.113.50"));
        String text = world.challenge(IP).get("challenge").asText();
        String easier = text.replaceFirst("\\.6\\.", ".1.");
        String solvedEasier = "{\"challenge\":\"" + easier + "\",\"nonce\":\"" + ProofOfWork.solve(easier, 1) + "\"}";

        assertThat(world.redeem(IP, elsewhere).getStatusCode()).isEqualTo(400);
        assertThat(world.redeem(IP, solvedEasier).getStatusCode()).isEqualTo(400);
        assertThat(world.votersItems()).isEmpty();
    }

    @Test
    void refusesANonceOfMoreThan32DigitsEvenWhenItSolvesTheChallenge() {
        JsonNode challenge = world.challenge(IP);
        String text = challenge.get("challenge").asText();
        int difficulty = challenge.get("difficulty").asInt();
        // 33 digits that meet the difficulty: only the nonce's own rule can refuse this one.
        BigInteger nonce = BigInteger.TEN.pow(32);
        while (ProofOfWork.leadingZeroBits(text, nonce.toString()) < difficulty) {
            nonce = nonce.add(BigInteger.ONE);
        }

        var response = world.redeem(IP, "{\"challenge\":\"" + text + "\",\"nonce\":\"" + nonce + "\"}");

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText()).isEqualTo("'nonce' must be 1 to 32 ASCII digits.");
        assertThat(response.getCookies()).isNullOrEmpty();
        assertThat(world.votersItems()).isEmpty();
    }

    @Test
    void keepsOnlyKeyedHashesOfNetworksNeverAnAddress() {
        world.newVoter("198.51.100.23");
        world.newVoter("2001:db8:aa:bb::17");

        String stored = world.votersItems().toString();

        assertThat(stored).doesNotContain("198.51").doesNotContain("2001").doesNotContain("db8").doesNotContain("/24")
                .doesNotContain("/64");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "malformed JSON            | application/json | {\"challenge\":                                 | 400",
            "body is an array          | application/json | [\"a\",\"1\"]                                   | 400",
            "body is a string          | application/json | \"challenge\"                                   | 400",
            "body is null              | application/json | null                                            | 400",
            "no fields                 | application/json | {}                                              | 400",
            "no nonce                  | application/json | {\"challenge\":\"CHALLENGE\"}                   | 400",
            "nonce is a number         | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":12}      | 400",
            "nonce is null             | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":null}    | 400",
            "nonce has letters         | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":\"12a\"} | 400",
            "nonce is negative         | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":\"-1\"}  | 400",
            "nonce is empty            | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":\"\"}    | 400",
            "nonce of other digits     | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":\"١٢٣\"} | 400",
            "nonce of 33 digits        | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":\"000000000000000000000000000000001\"} | 400",
            "challenge is an object    | application/json | {\"challenge\":{\"a\":1},\"nonce\":\"1\"}       | 400",
            "challenge is a number     | application/json | {\"challenge\":1,\"nonce\":\"1\"}               | 400",
            "challenge is not ours     | application/json | {\"challenge\":\"AAAAAAAAAAAAAAAAAAAAAA.1.9999999999.AAAAAAAAAAAAAAAAAAAAAA\",\"nonce\":\"1\"} | 400",
            "challenge of script       | application/json | {\"challenge\":\"<script>alert(1)</script>\",\"nonce\":\"1\"} | 400",
            "challenge with a NUL      | application/json | {\"challenge\":\"a\\u0000b\",\"nonce\":\"1\"}   | 400",
            "trailing garbage          | application/json | {\"challenge\":\"CHALLENGE\",\"nonce\":\"1\"} x | 400",
            "not declared as JSON      | text/plain       | {\"challenge\":\"CHALLENGE\",\"nonce\":\"1\"}   | 415",
            "form-encoded              | application/x-www-form-urlencoded | challenge=CHALLENGE&nonce=1    | 415",
    })
    void refusesBadBodiesAsProblemJsonNever5xxAndWritesNothing(String name, String type, String body, int status) {
        String challenge = world.challenge(IP).get("challenge").asText();

        var response = HttpEvents.request("POST", "/voters").sourceIp(IP)
                .header("Content-Type", type).body(body.replace("CHALLENGE", challenge), false).sendTo(world.voters);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(response.getBody()).doesNotContain("Exception").doesNotContain("dev.verdict").doesNotContain(challenge);
        assertThat(response.getCookies()).isNullOrEmpty();
        assertThat(world.votersItems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {300, 17 * 1024, 200_000})
    void refusesOversizedChallengesAndBodies(int length) {
        String body = "{\"challenge\":\"" + "A".repeat(length) + "\",\"nonce\":\"1\"}";

        var response = world.redeem(IP, body);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(world.votersItems()).isEmpty();
    }

    @Test
    void refusesDeeplyNestedAndBadlyEncodedBodies() {
        String deep = "{\"challenge\":" + "[".repeat(5000) + "]".repeat(5000) + ",\"nonce\":\"1\"}";
        var nested = world.redeem(IP, deep);
        var notBase64 = HttpEvents.request("POST", "/voters").sourceIp(IP)
                .header("Content-Type", "application/json").body("%%%not base64%%%", true).sendTo(world.voters);
        var binary = HttpEvents.request("POST", "/voters").sourceIp(IP)
                .header("Content-Type", "application/json")
                .body(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}), true).sendTo(world.voters);

        assertThat(nested.getStatusCode()).isEqualTo(400);
        assertThat(notBase64.getStatusCode()).isEqualTo(400);
        assertThat(binary.getStatusCode()).isEqualTo(400);
        assertThat(world.votersItems()).isEmpty();
    }

    @Test
    void retriesARedemptionThatRacedAnotherOnItsNetworksCountAndCountsItOnce() {
        ConflictingTransactions conflicts = new ConflictingTransactions(2);
        VoteWorld contended = new VoteWorld(java.util.Map.of(), conflicts);

        var response = contended.redeem(IP, VoteWorld.proof(contended.challenge(IP)));

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(conflicts.injected.get()).isEqualTo(2);
        assertThat(contended.votersItems()).filteredOn(item -> item.containsKey("created"))
                .singleElement().satisfies(item -> assertThat(item.get("created").n()).isEqualTo("1"));
    }

    @Test
    void triesAContendedRedemptionFourTimesBeforeAskingForTheSameProofAgainWhichThenCounts() {
        ConflictingTransactions threeConflicts = new ConflictingTransactions(3);
        VoteWorld third = new VoteWorld(java.util.Map.of(), threeConflicts);
        ConflictingTransactions fourConflicts = new ConflictingTransactions(4);
        VoteWorld fourth = new VoteWorld(java.util.Map.of(), fourConflicts);
        String proof = VoteWorld.proof(fourth.challenge(IP));

        var createdAtTheFourthTry = third.redeem(IP, VoteWorld.proof(third.challenge(IP)));
        var askedAgain = fourth.redeem(IP, proof);
        var itemsAfterRefusal = fourth.votersItems();
        var sentAgain = fourth.redeem(IP, proof);

        assertThat(createdAtTheFourthTry.getStatusCode()).isEqualTo(201);
        assertThat(threeConflicts.injected.get()).isEqualTo(3);
        assertThat(askedAgain.getStatusCode()).isEqualTo(503);
        assertThat(askedAgain.getCookies()).isNullOrEmpty();
        assertThat(fourConflicts.injected.get()).isEqualTo(4);
        assertThat(itemsAfterRefusal).isEmpty();
        assertThat(sentAgain.getStatusCode()).as("the refusal used up nothing").isEqualTo(201);
    }

    @Test
    void asksForTheSameProofAgainWith503WhenItsNetworksCountStaysContendedAndWritesNothing() {
        VoteWorld contended = new VoteWorld(java.util.Map.of(), new ConflictingTransactions(100));
        String proof = VoteWorld.proof(contended.challenge(IP));

        var response = contended.redeem(IP, proof);

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "1").containsEntry("Content-Type", "application/problem+json");
        assertThat(json(response).get("detail").asText()).contains("same proof again");
        assertThat(contended.votersItems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "localhost", "::ffff:999.1.1.1", "2001:db8::1%eth0"})
    void issuesAChallengeWhateverTheSourceAddressLooksLike(String sourceIp) {
        var response = world.challengeResponse(sourceIp);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("difficulty").asInt()).isEqualTo(6);
    }

    @Test
    void answersOtherMethodsWith405AndTheAllowedOnes() {
        var putVoters = HttpEvents.request("PUT", "/voters").sourceIp(IP).jsonBody("{}").sendTo(world.voters);
        var postChallenge = HttpEvents.request("POST", "/voters/challenge").sourceIp(IP)
                .jsonBody("{}").sendTo(world.voters);

        assertThat(putVoters.getStatusCode()).isEqualTo(405);
        assertThat(putVoters.getHeaders()).containsEntry("Allow", "POST, OPTIONS");
        assertThat(postChallenge.getStatusCode()).isEqualTo(405);
        assertThat(postChallenge.getHeaders()).containsEntry("Allow", "GET, OPTIONS");
    }
}
