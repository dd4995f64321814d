package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The little an HTTP twin reads from API Gateway's event, and its answer: a status and a short JSON body. */
final class BareHttp {

    private BareHttp() {
    }

    static String path(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> parameters = event.getPathParameters();
        return parameters == null ? "" : parameters.getOrDefault(name, "");
    }

    static Optional<String> cookie(APIGatewayV2HTTPEvent event, String name) {
        List<String> cookies = event.getCookies() == null ? List.of() : event.getCookies();
        return cookies.stream().filter(c -> c.startsWith(name + "=")).map(c -> c.substring(name.length() + 1)).findFirst();
    }

    static String sourceIp(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getHttp() == null ? "" : context.getHttp().getSourceIp();
    }

    /** A string field of a flat JSON body, found by pattern (a twin parses no more than it must). */
    static Optional<String> field(APIGatewayV2HTTPEvent event, String name) {
        String body = event.getBody() == null ? "" : event.getBody();
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static APIGatewayV2HTTPResponse answer(int status, String json) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody(json).build();
    }
}
