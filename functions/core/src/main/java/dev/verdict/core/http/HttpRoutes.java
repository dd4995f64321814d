package dev.verdict.core.http;

import dev.verdict.core.log.Log;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Routing inside one function: the event's routeKey names the path template API Gateway matched, and this picks the
 * endpoint for the method, answering CORS preflight, 405 for a known path with another method, 404 for anything else,
 * and turning every refusal into application/problem+json. A handler is therefore a list of endpoints.
 */
public final class HttpRoutes {

    private static final Log LOG = Log.of(HttpRoutes.class);

    private final Map<String, Map<String, Function<ApiRequest, ApiResponse>>> byPath;
    private final Cors cors;

    private HttpRoutes(Map<String, Map<String, Function<ApiRequest, ApiResponse>>> byPath, Cors cors) {
        this.byPath = byPath;
        this.cors = cors;
    }

    public static Builder builder(Cors cors) {
        return new Builder(cors);
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return cors.decorate(dispatch(event)).toEvent();
    }

    private ApiResponse dispatch(APIGatewayV2HTTPEvent event) {
        try {
            ApiRequest request = ApiRequest.from(event);
            Map<String, Function<ApiRequest, ApiResponse>> methods = byPath.get(request.routePath());
            if (methods == null) {
                throw ApiException.notFound("There is nothing at this address.");
            }
            if ("OPTIONS".equals(request.method())) {
                return cors.preflight(methods.keySet());
            }
            Function<ApiRequest, ApiResponse> endpoint = methods.get(request.method());
            if (endpoint == null) {
                String allow = String.join(", ", new TreeSet<>(methods.keySet())) + ", OPTIONS";
                return new ApiException(405, "Method Not Allowed",
                        request.method() + " is not allowed here; use " + allow + ".", Map.of("Allow", allow)).toResponse();
            }
            return endpoint.apply(request);
        } catch (ApiException refused) {
            return refused.toResponse();
        } catch (RuntimeException failure) {
            // Our fault, not the client's: log it for us, answer without internals.
            LOG.error("request failed", failure, "route", event.getRouteKey());
            return Problems.response(503, "Service Unavailable", "The service could not answer just now; try again shortly.")
                    .withHeaders(Map.of("Retry-After", "1"));
        }
    }

    public static final class Builder {
        private final Cors cors;
        private final Map<String, Map<String, Function<ApiRequest, ApiResponse>>> byPath = new LinkedHashMap<>();

        private Builder(Cors cors) {
            this.cors = cors;
        }

        /** Declares an endpoint under the same path template template.yaml routes to this function. */
        public Builder route(String method, String pathTemplate, Function<ApiRequest, ApiResponse> endpoint) {
            byPath.computeIfAbsent(pathTemplate, p -> new LinkedHashMap<>()).put(method, endpoint);
            return this;
        }

        public HttpRoutes build() {
            return new HttpRoutes(Map.copyOf(byPath), cors);
        }
    }
}
