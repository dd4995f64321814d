package dev.verdict.signups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.config.ServiceConfig;
import dev.verdict.core.domain.Require;
import dev.verdict.core.http.ApiException;
import dev.verdict.core.http.ApiRequest;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Cors;
import dev.verdict.core.http.HttpRoutes;
import dev.verdict.core.http.JsonBodies;
import dev.verdict.core.store.FixedWindowCounters;
import dev.verdict.core.store.Signer;
import dev.verdict.signups.Signups.LinkOutcome;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The signup endpoints: POST /subscriptions, GET /subscriptions/confirm, GET and POST /subscriptions/unsubscribe.
 * The links in a message are opened by browsers (answered with a redirect to the site's page for the outcome) and by
 * mail clients and scripts (answered with JSON), told apart by Accept.
 */
@Singleton
public final class SignupsApi {

    /**
     * A fixed-window limit per client address.
     *
     * @param name which endpoints it protects; part of the counter's key, so limits never share counters
     */
    record Limit(String name, int limit, Duration window) {
    }

    /** Ten signups per client per ten minutes: a household or office behind one address, not a script. */
    static final Limit SIGNUP_LIMIT = new Limit("signup", 10, Duration.ofMinutes(10));
    /** Link clicks per client per minute: generous for people, and tokens cannot be guessed anyway. */
    static final Limit LINK_LIMIT = new Limit("link", 60, Duration.ofMinutes(1));
    static final String PENDING = "{\"status\":\"pending\"}";
    private static final Map<String, String> PRIVATE = Map.of(
            "Cache-Control", "no-store",
            // The token is in the URL: never hand it on to another site in a Referer.
            "Referrer-Policy", "no-referrer");

    private final Signups signups;
    private final FixedWindowCounters rateLimits;
    private final Signer signer;
    private final Clock clock;
    private final String siteUrl;
    private final HttpRoutes routes;

    public SignupsApi(Signups signups, FixedWindowCounters rateLimits, Signer signer, Clock clock, ServiceConfig config) {
        this.signups = signups;
        this.rateLimits = rateLimits;
        this.signer = signer;
        this.clock = clock;
        this.siteUrl = config.siteUrl().replaceAll("/+$", "");
        this.routes = HttpRoutes.builder(new Cors(config.allowedOrigin()))
                .route("POST", "/subscriptions", this::subscribe)
                .route("GET", "/subscriptions/confirm", this::confirm)
                .route("GET", "/subscriptions/unsubscribe", this::showUnsubscribe)
                .route("POST", "/subscriptions/unsubscribe", this::unsubscribe)
                .build();
    }

    public HttpRoutes routes() {
        return routes;
    }

    private ApiResponse subscribe(ApiRequest request) {
        limit(SIGNUP_LIMIT, request);
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
        signups.subscribe(address, source == null || source.isNull() ? "site" : source.textValue(), request.sourceIp());
        return ApiResponse.json(202, PENDING).withHeaders(PRIVATE);
    }

    private ApiResponse confirm(ApiRequest request) {
        limit(LINK_LIMIT, request);
        LinkOutcome outcome = signups.confirm(token(request));
        return answer(request, outcome, "confirmed");
    }

    private ApiResponse showUnsubscribe(ApiRequest request) {
        limit(LINK_LIMIT, request);
        String token = token(request);
        LinkOutcome outcome = signups.unsubscribeStatus(token);
        if (Browser.prefersHtml(request) && (outcome == LinkOutcome.PENDING || outcome == LinkOutcome.CONFIRMED)) {
            return new ApiResponse(200, Map.of("Content-Type", "text/html; charset=utf-8",
                    "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
                    Browser.unsubscribePage(token), java.util.List.of()).withHeaders(PRIVATE);
        }
        return answer(request, outcome, "unsubscribed");
    }

    /** RFC 8058 one-click: mail clients POST {@code List-Unsubscribe=One-Click} as a form; any small body is accepted. */
    private ApiResponse unsubscribe(ApiRequest request) {
        limit(LINK_LIMIT, request);
        if (request.body().map(b -> b.getBytes(StandardCharsets.UTF_8).length > JsonBodies.MAX_BYTES).orElse(false)) {
            throw ApiException.badRequest("The body is larger than " + JsonBodies.MAX_BYTES + " bytes.");
        }
        return answer(request, signups.unsubscribe(token(request)), "unsubscribed");
    }

    /** A browser goes to the site's page for the outcome; anything else gets JSON (or a 400 problem). */
    private ApiResponse answer(ApiRequest request, LinkOutcome outcome, String page) {
        if (Browser.prefersHtml(request)) {
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

    /** Counts the request against the client's window (keyed by a keyed hash of its address); 429 beyond the limit. */
    private void limit(Limit limit, ApiRequest request) {
        var now = clock.instant();
        var count = rateLimits.hit("signups:" + limit.name() + "#" + signer.hash("rate-limit", request.sourceIp()),
                (int) limit.window().toSeconds(), now);
        if (count.hits() > limit.limit()) {
            throw ApiException.tooManyRequests(Math.max(1, count.windowEnds().getEpochSecond() - now.getEpochSecond()));
        }
    }
}
