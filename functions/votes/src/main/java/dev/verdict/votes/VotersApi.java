package dev.verdict.votes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Cors;
import dev.verdict.core.http.HttpRoutes;
import dev.verdict.core.http.JsonBodies;
import dev.verdict.core.json.Json;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The voter endpoints (API.md, "Voters"): GET /voters/challenge, then POST /voters with the solved proof. */
@Singleton
public final class VotersApi {

    static final String CHALLENGE_PATH = "/voters/challenge";
    static final String VOTERS_PATH = "/voters";
    /** A challenge is single-use and a voter is personal: neither may be cached anywhere. */
    private static final Map<String, String> NO_STORE = Map.of("Cache-Control", "no-store");

    private final Voters voters;
    private final VoterCookie cookies;
    private final Clock clock;
    private final HttpRoutes routes;

    VotersApi(Voters voters, VoterCookie cookies, Clock clock, Cors cors) {
        this.voters = voters;
        this.cookies = cookies;
        this.clock = clock;
        this.routes = HttpRoutes.builder(cors)
                .route("GET", CHALLENGE_PATH, this::challenge)
                .route("POST", VOTERS_PATH, this::create)
                .build();
    }

    public HttpRoutes routes() {
        return routes;
    }

    private ApiResponse challenge(ApiRequest request) {
        Challenge challenge = voters.challengeFor(NetworkPrefix.of(request.sourceIp()), clock.instant());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithm", ProofOfWork.ALGORITHM);
        body.put("challenge", challenge.text());
        body.put("difficulty", challenge.difficulty());
        body.put("expiresAt", challenge.expiresAt().toString());
        return ApiResponse.json(200, Json.write(body)).withHeaders(NO_STORE);
    }

    private ApiResponse create(ApiRequest request) {
        JsonNode body = JsonBodies.object(request);
        String challenge = JsonBodies.text(body, "challenge");
        String nonce = JsonBodies.text(body, "nonce");
        Instant now = clock.instant();
        String voterId = voters.create(challenge, nonce, NetworkPrefix.of(request.sourceIp()), now);
        return ApiResponse.json(201, "{\"status\":\"created\"}").withHeaders(NO_STORE).withCookie(cookies.setCookie(voterId));
    }
}
