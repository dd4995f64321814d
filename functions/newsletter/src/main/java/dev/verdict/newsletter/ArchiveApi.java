package dev.verdict.newsletter;

import dev.verdict.core.http.ApiException;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Caching;
import dev.verdict.core.http.Cors;
import dev.verdict.core.http.HttpRoutes;
import dev.verdict.core.json.Json;
import jakarta.inject.Singleton;
import java.util.List;
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
        var items = page.issues().stream()
                .map(i -> new IssueSummaryJson(i.id(), i.subject(), i.composedAt().toString())).toList();
        return CACHING.apply(request, ApiResponse.json(200, Json.write(new ListingJson(items, page.next().orElse(null)))));
    }

    private ApiResponse issue(ApiRequest request) {
        String id = request.pathParameter("id");
        Issue issue = IssueWeek.parse(id).flatMap(week -> issues.find(week.id()))
                .orElseThrow(() -> ApiException.notFound("There is no newsletter issue at this address."));
        var body = new IssueDetailJson(issue.id(), issue.subject(), issue.composedAt().toString(),
                issue.weekStart().toString(), issue.weekEnd().toString(), IssueJson.sections(issue.sections()));
        return CACHING.apply(request, ApiResponse.json(200, Json.write(body)));
    }

    private record IssueSummaryJson(String id, String subject, String publishedAt) {
    }

    private record ListingJson(List<IssueSummaryJson> items, String nextCursor) {
    }

    private record IssueDetailJson(String id, String subject, String publishedAt, String weekStart, String weekEnd,
                                   List<IssueJson.SectionJson> sections) {
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
