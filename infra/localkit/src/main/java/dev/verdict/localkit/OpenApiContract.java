package dev.verdict.localkit;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * openapi.yaml as swagger-request-validator reads it, and what an exchange must show to agree with it. Tests send
 * requests the contract calls invalid on purpose (a bad limit, a body that is not JSON): such a request must be refused
 * with a 4xx the operation documents, and it is the answer that must match. So:
 * <ul>
 *   <li>every answer matches the operation's documented response for its status (headers and body schema);</li>
 *   <li>a request the contract calls invalid gets a 4xx;</li>
 *   <li>a path no operation names gets a 404 problem, another method on a named path a 405 problem with Allow (the
 *       document states both once, as OpenAPI has no way to list "every other path or method").</li>
 * </ul>
 * Reached by name from {@link ApiContract}, so only a class path holding the validator loads it.
 */
final class OpenApiContract implements Function<ApiExchange, List<String>> {

    private static final String NO_PATH = "validation.request.path.missing";
    private static final String NO_METHOD = "validation.request.operation.notAllowed";

    private final OpenApiInteractionValidator validator;

    public OpenApiContract(Path document) {
        try {
            String json = LambdaEvents.JSON.writeValueAsString(OpenApi30View.of(document));
            this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(json)
                    // The API does not negotiate on Accept (only the link pages weigh text/html against JSON): a page's
                    // fetch() accepting application/json for a 204 or a problem is no disagreement with the document.
                    .withLevelResolver(LevelResolver.create()
                            .withLevel("validation.request.accept.notAllowed", ValidationReport.Level.IGNORE).build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> apply(ApiExchange exchange) {
        HttpAnswer answer = exchange.answer();
        ValidationReport report = validator.validate(request(exchange), response(answer));
        List<String> refusedRequest = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR) {
                continue;
            }
            if (message.getKey().equals(NO_PATH)) {
                return problem(answer, 404, "a path openapi.yaml does not name");
            }
            if (message.getKey().equals(NO_METHOD)) {
                List<String> found = new ArrayList<>(problem(answer, 405, "a method openapi.yaml does not name here"));
                if (answer.header("Allow") == null) {
                    found.add("a 405 without an Allow header");
                }
                return found;
            }
            (message.getKey().startsWith("validation.request.") ? refusedRequest : mismatches)
                    .add(message.getKey() + ": " + message.getMessage());
        }
        if (!refusedRequest.isEmpty() && (answer.status() < 400 || answer.status() > 499)) {
            mismatches.add("openapi.yaml calls this request invalid (" + String.join("; ", refusedRequest)
                    + "), but the API answered " + answer.status());
        }
        return mismatches;
    }

    /** The API's refusal of what the document does not name: a problem of the given status. */
    private static List<String> problem(HttpAnswer answer, int status, String what) {
        String type = String.valueOf(answer.header("Content-Type")).toLowerCase(Locale.ROOT);
        if (answer.status() != status || !type.startsWith("application/problem+json")) {
            return List.of(what + " must be answered " + status + " application/problem+json, not " + answer.status()
                    + " " + type);
        }
        JsonNode body = LambdaEvents.tree(answer.body());
        if (!body.path("type").isTextual() || !body.path("title").isTextual() || !body.path("detail").isTextual()
                || body.path("status").asInt() != status) {
            return List.of("a " + status + " whose body is not a problem: " + answer.bodyText());
        }
        return List.of();
    }

    private static SimpleRequest request(ApiExchange exchange) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), exchange.path());
        // The API reads an empty query parameter as an absent one (openapi.yaml says so once, at the top); the
        // validator would call an empty integer "missing" even where it is optional.
        exchange.query().forEach((name, values) -> {
            List<String> given = values.stream().filter(v -> !v.isEmpty()).toList();
            if (!given.isEmpty()) {
                request.withQueryParam(name, given);
            }
        });
        exchange.headers().forEach(request::withHeader);
        if (!exchange.cookies().isEmpty()) {
            request.withHeader("Cookie", String.join("; ", exchange.cookies()));
        }
        if (exchange.body() != null) {
            request.withBody(exchange.body());
        }
        return request.build();
    }

    private static SimpleResponse response(HttpAnswer answer) {
        SimpleResponse.Builder response = new SimpleResponse.Builder(answer.status());
        answer.headers().forEach(response::withHeader);
        if (!answer.cookies().isEmpty()) {
            response.withHeader("Set-Cookie", answer.cookies());
        }
        if (answer.body().length > 0) {
            response.withBody(answer.bodyText());
        }
        return response.build();
    }
}
