package dev.verdict.core.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a handler answers, before CORS and caching headers are added. */
public record ApiResponse(int status, Map<String, String> headers, String body, List<String> cookies) {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    public ApiResponse {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    public static ApiResponse json(int status, String body) {
        return new ApiResponse(status, Map.of("Content-Type", JSON), body, List.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null, List.of());
    }

    public ApiResponse withHeaders(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.putAll(extra);
        return new ApiResponse(status, merged, body, cookies);
    }

    public ApiResponse withCookie(String setCookie) {
        return new ApiResponse(status, headers, body, concat(cookies, setCookie));
    }

    private static List<String> concat(List<String> list, String value) {
        var copy = new java.util.ArrayList<>(list);
        copy.add(value);
        return copy;
    }

    public APIGatewayV2HTTPResponse toEvent() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
