package dev.verdict.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Problems;
import dev.verdict.localkit.FunctionSpec;
import dev.verdict.localkit.LambdaEvents;
import dev.verdict.localkit.LambdaInvoker;
import dev.verdict.localkit.LambdaResult;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /_local/invoke/{FunctionLogicalId}}: what {@code aws lambda invoke} is on AWS, for the local stack only
 * (it is not in template.yaml, so nothing deployed has it). The body is the event, handed to the function through the
 * same host every stream batch and API request goes through; an empty body is a Scheduled Event for a function that
 * has a schedule. The answer is Lambda's Invoke answer: 200 with the function's response, or 200 with
 * {@code X-Amz-Function-Error} and the error when the function failed.
 */
final class LocalInvoke {

    static final String PREFIX = "/_local/invoke/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Target(FunctionSpec spec, LambdaInvoker host) {
    }

    /** What the front door sends back: a status, headers and a body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {

        static Answer of(ApiResponse response) {
            return new Answer(response.status(), response.headers(), response.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Target> functions = new ConcurrentHashMap<>();

    void add(FunctionSpec spec, LambdaInvoker host) {
        functions.put(spec.logicalId(), new Target(spec, host));
    }

    static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    Answer invoke(String method, String path, InetAddress client, byte[] body) {
        Target target = functions.get(path.substring(PREFIX.length()));
        // From anywhere but this machine the route does not exist, as on AWS (the stack may listen on --host 0.0.0.0).
        if (!client.isLoopbackAddress() || target == null) {
            return Answer.of(Problems.response(404, "Not Found", "There is nothing at this address."));
        }
        if (!method.equals("POST")) {
            Answer refused = Answer.of(Problems.response(405, "Method Not Allowed", "Invoke a function with POST."));
            Map<String, String> headers = new LinkedHashMap<>(refused.headers());
            headers.put("Allow", "POST");
            return new Answer(405, headers, refused.body());
        }
        byte[] event;
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            if (target.spec().schedules().isEmpty()) {
                return Answer.of(Problems.response(400, "Bad Request", target.spec().logicalId()
                        + " has no schedule, so an empty body means nothing to it: send the event as JSON."));
            }
            FunctionSpec.Schedule schedule = target.spec().schedules().get(0);
            event = LambdaEvents.scheduled(LambdaEvents.ruleArn(target.spec().logicalId(), schedule.name()), Instant.now());
        } else if (!isJson(body)) {
            return Answer.of(Problems.response(400, "Bad Request", "The body must be the event as JSON (or empty)."));
        } else {
            event = body;
        }
        LambdaResult result = target.host().invoke(event);
        if (result.ok()) {
            return new Answer(200, Map.of("Content-Type", "application/json"), result.payload());
        }
        Map<String, String> error = new LinkedHashMap<>();
        error.put("errorType", result.errorType());
        error.put("errorMessage", result.errorMessage());
        try {
            return new Answer(200, Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled"),
                    JSON.writeValueAsBytes(error));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isJson(byte[] body) {
        try {
            JSON.readTree(body);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
