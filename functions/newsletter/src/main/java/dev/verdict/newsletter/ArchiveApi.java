package dev.verdict.newsletter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Caching;
import dev.verdict.core.http.Cors;
import dev.verdict.core.http.HttpRoutes;
import dev.verdict.core.json.Json;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The newsletter archive: past issues newest first, and one issue as it was sent, without anything personal (no
 * reader, no unsubscribe link). The cursor is the last id of the page: issue ids are public and the listing has one
 * scope, so there is nothing for a signature to protect, and a malformed one is refused before it reaches the table.
 */
@Singleton
public final class ArchiveApi {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** A stored issue never changes and a new one comes once a week: an hour fresh, a day served stale. */
    private static final Caching CACHING = new Caching(3600, 86400);

    private final IssuesTable issues;
    private final HttpRoutes routes;

    public ArchiveApi(IssuesTable issues, Cors cors) {
        this.issues = issues;
        this.routes = HttpRoutes.builder(cors)
                .route("GET", "/newsletter/issues", this::list)
                .route("GET", "/newsletter/issues/{id}", this::issue)
                .build();
    }

    public HttpRoutes routes() {
        return routes;
    }

    private ApiResponse list(ApiRequest request) {
        int limit = limit(request.queryParameter("limit").filter(l -> !l.isEmpty()));
        Optional<String> cursor = request.queryParameter("cursor").filter(c -> !c.isEmpty());
        if (cursor.isPresent() && IssueWeek.parse(cursor.get()).isEmpty()) {
            throw ApiException.badRequest("'cursor' was not issued by this API for this listing; start again without it.");
        }
        IssuesTable.Page page = issues.list(limit, cursor);
        ObjectNode body = Json.mapper().createObjectNode();
        var items = body.putArray("items");
        page.issues().forEach(i -> items.addObject().put("id", i.id()).put("subject", i.subject())
                .put("publishedAt", i.composedAt().toString()));
        body.put("nextCursor", page.next().orElse(null));
        return CACHING.apply(request, ApiResponse.json(200, body.toString()));
    }

    private ApiResponse issue(ApiRequest request) {
        String id = request.pathParameter("id");
        Issue issue = IssueWeek.parse(id).flatMap(week -> issues.find(week.id()))
                .orElseThrow(() -> ApiException.notFound("There is no newsletter issue at this address."));
        ObjectNode body = Json.mapper().createObjectNode().put("id", issue.id()).put("subject", issue.subject())
                .put("publishedAt", issue.composedAt().toString()).put("weekStart", issue.weekStart().toString())
                .put("weekEnd", issue.weekEnd().toString());
        body.set("sections", IssueJson.sections(issue.sections()));
        return CACHING.apply(request, ApiResponse.json(200, body.toString()));
    }

    static int limit(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        String value = text.get();
        if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_LIMIT) {
            throw ApiException.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        return Integer.parseInt(value);
    }
}
