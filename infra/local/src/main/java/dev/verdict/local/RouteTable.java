package dev.verdict.local;

import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaInvoker;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes, from the HttpApi events of template.yaml, matched as API Gateway matches them: the most
 * specific path wins (literal segments over parameters over a greedy {@code {proxy+}}), and a route for the exact
 * method wins over {@code ANY}.
 */
final class RouteTable {

    record Route(String method, String path, LambdaInvoker function) {
        String routeKey() {
            return method + " " + path;
        }
    }

    record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes = new ArrayList<>();

    void add(FunctionSpec.HttpRoute route, LambdaInvoker function) {
        routes.add(new Route(route.method(), route.path(), function));
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    Optional<Match> match(String method, String rawPath) {
        List<String> segments = segments(rawPath);
        Match best = null;
        int bestScore = -1;
        for (Route route : routes) {
            if (!route.method().equals("ANY") && !route.method().equals(method)) {
                continue;
            }
            Map<String, String> parameters = new HashMap<>();
            int score = score(segments(route.path()), segments, parameters);
            if (score < 0) {
                continue;
            }
            score = score * 2 + (route.method().equals(method) ? 1 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = new Match(route, parameters);
            }
        }
        return Optional.ofNullable(best);
    }

    /** -1 when the template does not match; otherwise higher for more literal, less greedy matches. */
    private static int score(List<String> template, List<String> path, Map<String, String> parameters) {
        int score = 0;
        for (int i = 0; i < template.size(); i++) {
            String part = template.get(i);
            if (part.startsWith("{") && part.endsWith("+}")) {
                if (i >= path.size()) {
                    return -1;
                }
                parameters.put(part.substring(1, part.length() - 2), decode(String.join("/", path.subList(i, path.size()))));
                return score;
            }
            if (i >= path.size()) {
                return -1;
            }
            if (part.startsWith("{") && part.endsWith("}")) {
                parameters.put(part.substring(1, part.length() - 1), decode(path.get(i)));
                score += 1;
            } else if (part.equals(path.get(i))) {
                score += 3;
            } else {
                return -1;
            }
        }
        return template.size() == path.size() ? score + 1 : -1;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        return segments;
    }

    /** Percent-decoding of a path segment ('+' stays '+', as in paths); malformed escapes are kept as typed. */
    static String decode(String segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length
                    && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
                out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
