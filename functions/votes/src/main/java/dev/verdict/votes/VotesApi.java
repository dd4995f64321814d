package dev.verdict.votes;

import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.domain.Require;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Cors;
import dev.verdict.core.http.HttpRoutes;
import dev.verdict.core.http.JsonBodies;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.VotesTable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vote endpoints. Order matters: the body and the address are checked before anything is written, then the
 * voter is rate-limited, then one conditional write records the vote. Aggregates are not touched here: the votes
 * table's stream carries every change to them.
 */
@Singleton
public final class VotesApi {

    static final String PATH = "/comparisons/{slug}/votes/{toolId}";

    private final ComparisonTools comparisons;
    private final VotesTable votes;
    private final VoterCookie cookies;
    private final VoteRateLimit rateLimit;
    private final Clock clock;
    private final HttpRoutes routes;

    VotesApi(ComparisonTools comparisons, VotesTable votes, VoterCookie cookies, VoteRateLimit rateLimit, Clock clock,
                    ServiceConfig config) {
        this.comparisons = comparisons;
        this.votes = votes;
        this.cookies = cookies;
        this.rateLimit = rateLimit;
        this.clock = clock;
        this.routes = HttpRoutes.builder(new Cors(config.allowedOrigin()))
                .route("PUT", PATH, this::put)
                .route("DELETE", PATH, this::retract)
                .build();
    }

    public HttpRoutes routes() {
        return routes;
    }

    private ApiResponse put(ApiRequest request) {
        Verdict verdict = Verdict.parse(JsonBodies.text(JsonBodies.object(request), "verdict"))
                .orElseThrow(() -> ApiException.badRequest("'verdict' must be \"ship\" or \"skip\"."));
        String slug = request.pathParameter("slug");
        String toolId = votedTool(request, slug);
        VoterCookie.Voter voter = cookies.voter(request);
        rateLimit.admit(voter.id(), request.sourceIp());
        boolean changed = votes.put(voter.id(), toolId, verdict, slug, clock.instant());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("toolId", toolId);
        body.put("verdict", verdict.wire());
        body.put("changed", changed);
        return withCookie(ApiResponse.json(200, Json.write(body)).withHeaders(Map.of("Cache-Control", "no-store")), voter);
    }

    private ApiResponse retract(ApiRequest request) {
        String toolId = votedTool(request, request.pathParameter("slug"));
        VoterCookie.Voter voter = cookies.voter(request);
        rateLimit.admit(voter.id(), request.sourceIp());
        if (voter.issued().isEmpty()) {
            votes.retract(voter.id(), toolId);
        }
        return withCookie(ApiResponse.noContent(), voter);
    }

    /** The tool, if the comparison exists and sets it side by side with another; otherwise 404. */
    private String votedTool(ApiRequest request, String slug) {
        String toolId = request.pathParameter("toolId");
        if (!Require.isId(slug) || !Require.isId(toolId)) {
            throw ApiException.notFound("There is no such comparison or tool.");
        }
        var toolIds = comparisons.of(slug)
                .orElseThrow(() -> ApiException.notFound("There is no comparison '" + slug + "'."));
        if (!toolIds.contains(toolId)) {
            throw ApiException.notFound("The comparison '" + slug + "' has no tool '" + toolId + "'.");
        }
        return toolId;
    }

    private static ApiResponse withCookie(ApiResponse response, VoterCookie.Voter voter) {
        return voter.issued().map(response::withCookie).orElse(response);
    }
}
