package dev.verdict.votes;

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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vote endpoints. The body and the path are checked first, then the voter (its signed cookie, or 401), then one
 * conditional write records the vote, its change limit in the same condition: a vote is one DynamoDB request, and
 * nothing on this path is keyed on the client's address, so nobody else on it can get a voter refused. Aggregates are
 * not touched here: the votes table's stream carries every change to them.
 */
@Singleton
public final class VotesApi {

    static final String PATH = "/comparisons/{slug}/votes/{toolId}";

    private final ComparisonTools comparisons;
    private final VotesTable votes;
    private final VoterCookie cookies;
    private final VotesTable.ChangeLimit changeLimit;
    private final Clock clock;
    private final HttpRoutes routes;

    VotesApi(ComparisonTools comparisons, VotesTable votes, VoterCookie cookies, VotesTable.ChangeLimit changeLimit, Clock clock,
             Cors cors) {
        this.comparisons = comparisons;
        this.votes = votes;
        this.cookies = cookies;
        this.changeLimit = changeLimit;
        this.clock = clock;
        this.routes = HttpRoutes.builder(cors)
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
        String voter = cookies.voter(request);
        Instant now = clock.instant();
        VotesTable.Written written = admitted(votes.put(voter, toolId, verdict, slug, now, changeLimit), now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("toolId", toolId);
        body.put("verdict", verdict.wire());
        body.put("changed", written.changed());
        return ApiResponse.json(200, Json.write(body)).withHeaders(Map.of("Cache-Control", "no-store"));
    }

    private ApiResponse retract(ApiRequest request) {
        String toolId = votedTool(request, request.pathParameter("slug"));
        String voter = cookies.voter(request);
        Instant now = clock.instant();
        admitted(votes.retract(voter, toolId, now, changeLimit), now);
        return ApiResponse.noContent();
    }

    /** The write, unless the vote's change limit refused it: then 429 with when it may change again. */
    private static VotesTable.Written admitted(VotesTable.Written written, Instant now) {
        if (written.result() == VotesTable.Written.Result.LIMITED) {
            Instant allowed = written.allowedAgainAt().orElse(now);
            long seconds = Math.max(1, (Duration.between(now, allowed).toMillis() + 999) / 1000);
            throw ApiException.tooManyRequests(seconds);
        }
        return written;
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
}
