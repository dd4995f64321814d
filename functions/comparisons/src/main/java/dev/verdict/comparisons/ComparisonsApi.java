package dev.verdict.comparisons;

import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.Require;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Caching;
import dev.verdict.core.http.Cors;
import dev.verdict.core.http.HttpRoutes;
import dev.verdict.core.json.Json;
import dev.verdict.core.store.CatalogueReads;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The read endpoints: validate the request, read once from the content table, answer with a cacheable JSON view. */
@Singleton
public final class ComparisonsApi {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** Votes move the community figures, so pages stay fresh for seconds and are served stale while refetched. */
    private static final Caching CACHING = new Caching(10, 60);
    /** The contract changes only with a deployment: an hour's staleness at most, five minutes before revalidating. */
    private static final Caching DOCUMENT_CACHING = new Caching(300, 3600);

    private final CatalogueReads content;
    private final OpenApiDocument document;
    private final HttpRoutes routes;

    public ComparisonsApi(CatalogueReads content, OpenApiDocument document, Cors cors) {
        this.content = content;
        this.document = document;
        this.routes = HttpRoutes.builder(cors)
                .route("GET", "/health", request -> ApiResponse.json(200, "{\"status\":\"ok\"}"))
                .route("GET", "/comparisons", this::list)
                .route("GET", "/comparisons/{slug}", this::comparison)
                .route("GET", "/tools/{id}", this::tool)
                .route("GET", "/rankings", this::rankings)
                .route("GET", "/openapi.json", request -> DOCUMENT_CACHING.apply(request, ApiResponse.json(200, document.json())))
                .build();
    }

    public HttpRoutes routes() {
        return routes;
    }

    private ApiResponse list(ApiRequest request) {
        int limit = limit(request.queryParameter("limit").filter(l -> !l.isEmpty()));
        Optional<String> category = request.queryParameter("category").filter(c -> !c.isEmpty());
        if (category.map(c -> c.length() > 100).orElse(false)) {
            throw ApiException.badRequest("'category' is longer than 100 characters.");
        }
        Optional<String> cursor = request.queryParameter("cursor").filter(c -> !c.isEmpty());
        try {
            var page = content.listComparisons(category, limit, cursor);
            return cached(request, Views.listing(page));
        } catch (CatalogueReads.InvalidCursorException e) {
            throw ApiException.badRequest("'cursor' was not issued by this API for this listing; start again without it.");
        }
    }

    private ApiResponse comparison(ApiRequest request) {
        String slug = request.pathParameter("slug");
        if (!Require.isId(slug)) {
            throw ApiException.notFound("There is no comparison at this address.");
        }
        var view = content.findComparison(slug)
                .orElseThrow(() -> ApiException.notFound("There is no comparison '" + slug + "'."));
        return cached(request, Views.comparison(view));
    }

    private ApiResponse tool(ApiRequest request) {
        String id = request.pathParameter("id");
        if (!Require.isId(id)) {
            throw ApiException.notFound("There is no tool at this address.");
        }
        var standing = content.findTool(id).orElseThrow(() -> ApiException.notFound("There is no tool '" + id + "'."));
        return cached(request, Views.tool(standing, true));
    }

    private ApiResponse rankings(ApiRequest request) {
        int limit = limit(request.queryParameter("limit").filter(l -> !l.isEmpty()));
        String wire = request.queryParameter("by").filter(b -> !b.isEmpty()).orElse(RankingOrder.COMMUNITY.wire());
        RankingOrder by = RankingOrder.parse(wire).orElseThrow(() ->
                ApiException.badRequest("'by' must be one of " + RankingOrder.allowed() + "."));
        Optional<String> category = request.queryParameter("category").filter(c -> !c.isEmpty());
        var ranking = content.ranking(by, category, limit)
                .orElseThrow(() -> ApiException.notFound("There is no category '" + category.orElse("") + "'."));
        return cached(request, Views.ranking(category, ranking));
    }

    private static ApiResponse cached(ApiRequest request, Object view) {
        return CACHING.apply(request, ApiResponse.json(200, Json.write(view)));
    }

    static int limit(Optional<String> text) {
        if (text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        String value = text.get();
        if (!value.matches("[0-9]{1,3}")) {
            throw ApiException.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
        }
        return limit;
    }
}
