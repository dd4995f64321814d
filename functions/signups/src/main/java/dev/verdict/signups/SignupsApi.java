package dev.verdict.signups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.config.SiteUrl;
import dev.verdict.core.domain.Require;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.ContentNegotiation;
import dev.verdict.core.http.Cors;
import dev.verdict.core.http.HttpRoutes;
import dev.verdict.core.http.JsonBodies;
import dev.verdict.core.signing.Signer;
import dev.verdict.core.store.FixedWindowCounters;
import dev.verdict.signups.Signups.LinkOutcome;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The signup endpoints: POST /subscriptions, GET and POST /subscriptions/confirm, GET and POST
 * /subscriptions/unsubscribe. The links in a message are opened by browsers (answered with the site's page for the
 * outcome, or a page with a button where a click must be a person's) and by mail clients and scripts (answered with
 * JSON), told apart by Accept. A GET of a link never changes anything: mail scanners and prefetchers open them all.
 */
@Singleton
public final class SignupsApi {

    /**
     * Ten valid signups per client address per ten minutes: a household or office behind one address, not a script.
     * Only a signup that is recorded counts; one refused as invalid, or for being over the limit, does not. Link clicks
     * have no limit by client address: a person holding a token must never be shut out by what others on their
     * address did, a token cannot be guessed (256 bits), and an unknown one costs one read (the edge throttles floods).
     */
    static final RateLimit SIGNUP_LIMIT = new RateLimit("signup", 10, Duration.ofMinutes(10));
    static final String PENDING = "{\"status\":\"pending\"}";
    /** What a GET of a confirmation link tells a program: the state, and that a POST of the same URL confirms. */
    static final String CONFIRMABLE = "{\"status\":\"pending\",\"confirm\":\"POST this URL to confirm\"}";
    private static final Map<String, String> PRIVATE = Map.of(
            "Cache-Control", "no-store",
            // The token is in the URL: never hand it on to another site in a Referer.
            "Referrer-Policy", "no-referrer");
    /** The pages' own CSP: the site's stylesheet (same origin), nothing else, and forms that only post back here. */
    private static final String PAGE_CSP = "default-src 'none'; style-src 'self'; form-action 'self'";

    private final Signups signups;
    private final FixedWindowCounters rateLimits;
    private final Signer signer;
    private final Clock clock;
    private final String siteUrl;
    private final HttpRoutes routes;

    public SignupsApi(Signups signups, FixedWindowCounters rateLimits, Signer signer, Clock clock, SiteUrl site, Cors cors) {
        this.signups = signups;
        this.rateLimits = rateLimits;
        this.signer = signer;
        this.clock = clock;
        this.siteUrl = site.value();
        this.routes = HttpRoutes.builder(cors)
                .route("POST", "/subscriptions", this::subscribe)
                .route("GET", "/subscriptions/confirm", this::showConfirm)
                .route("POST", "/subscriptions/confirm", this::confirm)
                .route("GET", "/subscriptions/unsubscribe", this::showUnsubscribe)
                .route("POST", "/subscriptions/unsubscribe", this::unsubscribe)
                .build();
    }

    public HttpRoutes routes() {
        return routes;
    }

    private ApiResponse subscribe(ApiRequest request) {
        JsonNode body = JsonBodies.object(request);
        EmailAddress address;
        try {
            address = EmailAddress.parse(JsonBodies.text(body, "email"));
        } catch (EmailAddress.InvalidAddress invalid) {
            throw ApiException.badRequest("'email' " + invalid.getMessage() + ".");
        }
        JsonNode consent = body.get("consent");
        if (consent == null || !consent.isBoolean() || !consent.booleanValue()) {
            throw ApiException.badRequest("'consent' must be true: we only write to readers who asked us to.");
        }
        JsonNode source = body.get("source");
        if (source != null && !source.isNull() && (!source.isTextual() || !Require.isId(source.textValue()))) {
            throw ApiException.badRequest("'source' must be the slug of the page the form is on.");
        }
        limit(SIGNUP_LIMIT, request);
        signups.subscribe(address, source == null || source.isNull() ? "site" : source.textValue(), request.sourceIp());
        return ApiResponse.json(202, PENDING).withHeaders(PRIVATE);
    }

    /** A confirmation link opened: what a POST would do, and for a browser the button that does it. */
    private ApiResponse showConfirm(ApiRequest request) {
        String token = token(request);
        LinkOutcome outcome = signups.confirmStatus(token);
        if (outcome == LinkOutcome.PENDING) {
            return ContentNegotiation.prefersHtml(request) ? page(LinkPages.confirmPage(token))
                    : ApiResponse.json(200, CONFIRMABLE).withHeaders(PRIVATE);
        }
        return answer(request, outcome, "confirmed");
    }

    private ApiResponse confirm(ApiRequest request) {
        refuseLargeBody(request);
        return answer(request, signups.confirm(token(request)), "confirmed");
    }

    private ApiResponse showUnsubscribe(ApiRequest request) {
        String token = token(request);
        LinkOutcome outcome = signups.unsubscribeStatus(token);
        if (ContentNegotiation.prefersHtml(request) && (outcome == LinkOutcome.PENDING || outcome == LinkOutcome.CONFIRMED)) {
            return page(LinkPages.unsubscribePage(token));
        }
        return answer(request, outcome, "unsubscribed");
    }

    /** RFC 8058 one-click: mail clients POST {@code List-Unsubscribe=One-Click} as a form; any small body is accepted. */
    private ApiResponse unsubscribe(ApiRequest request) {
        refuseLargeBody(request);
        return answer(request, signups.unsubscribe(token(request)), "unsubscribed");
    }

    /** The token is in the query; a body (the page's form, RFC 8058's one-click field) is ignored, within reason. */
    private static void refuseLargeBody(ApiRequest request) {
        if (request.body().map(b -> b.getBytes(StandardCharsets.UTF_8).length > JsonBodies.MAX_BYTES).orElse(false)) {
            throw ApiException.badRequest("The body is larger than " + JsonBodies.MAX_BYTES + " bytes.");
        }
    }

    private static ApiResponse page(String html) {
        return new ApiResponse(200, Map.of("Content-Type", "text/html; charset=utf-8", "Content-Security-Policy", PAGE_CSP),
                html, java.util.List.of()).withHeaders(PRIVATE);
    }

    /** A browser goes to the site's page for the outcome; anything else gets JSON (or a 400 problem). */
    private ApiResponse answer(ApiRequest request, LinkOutcome outcome, String page) {
        if (ContentNegotiation.prefersHtml(request)) {
            String target = outcome == LinkOutcome.INVALID ? "/link-expired"
                    : outcome == LinkOutcome.UNSUBSCRIBED ? "/unsubscribed" : "/" + page;
            return new ApiResponse(303, Map.of("Location", siteUrl + target), null, java.util.List.of()).withHeaders(PRIVATE);
        }
        if (outcome == LinkOutcome.INVALID) {
            throw ApiException.badRequest("This link is unknown, has expired or has already been used.");
        }
        return ApiResponse.json(200, "{\"status\":\"" + outcome.name().toLowerCase(Locale.ROOT) + "\"}").withHeaders(PRIVATE);
    }

    private static String token(ApiRequest request) {
        return request.queryParameter("token").filter(t -> !t.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("'token' is required: open the link from the message."));
    }

    /** Counts a signup against the client's window (a keyed hash of its address); 429 beyond it, counting nothing. */
    private void limit(RateLimit limit, ApiRequest request) {
        var now = clock.instant();
        var taken = rateLimits.take("signups:" + limit.name() + "#" + signer.hash("rate-limit", request.sourceIp()),
                limit.limit(), limit.windowSeconds(), now);
        if (!taken.granted()) {
            throw ApiException.tooManyRequests(Math.max(1, taken.windowEnds().getEpochSecond() - now.getEpochSecond()));
        }
    }
}
