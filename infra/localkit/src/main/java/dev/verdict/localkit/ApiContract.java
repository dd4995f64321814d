package dev.verdict.localkit;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Holds the API requests tests make, and the answers they get, against the repository's openapi.yaml, so the contract
 * and the code cannot drift apart. Off unless the system property {@code verdict.apiContract} is {@code enforce} (the
 * build sets it for every test run; the local stack never does): then {@link HttpEvents#sendTo} fails the calling
 * test at a mismatch, and the front door keeps mismatches for a test to read with {@link #drainMismatches()}.
 *
 * <p>The validator (swagger-request-validator) is on the tests' class path only, so it is reached by name here and
 * the local stack's jar does without it.
 */
public final class ApiContract {

    public static final String PROPERTY = "verdict.apiContract";
    private static final List<String> MISMATCHES = new ArrayList<>();
    private static volatile Function<ApiExchange, List<String>> checker;

    private ApiContract() {
    }

    public static boolean enforced() {
        return "enforce".equals(System.getProperty(PROPERTY));
    }

    /**
     * The mismatches of one exchange with openapi.yaml (none when not enforced). Each is also kept for
     * {@link #drainMismatches()}, since a front door's worker thread cannot fail a test itself.
     */
    public static List<String> check(ApiExchange exchange) {
        if (!enforced()) {
            return List.of();
        }
        List<String> found = checker().apply(exchange);
        if (!found.isEmpty()) {
            List<String> described = found.stream().map(m -> exchange.describe() + ": " + m).toList();
            synchronized (MISMATCHES) {
                MISMATCHES.addAll(described);
            }
            return described;
        }
        return List.of();
    }

    /** Fails with every mismatch of {@code exchange}, for a test that sent it. */
    public static void assertConforms(ApiExchange exchange) {
        List<String> found = check(exchange);
        if (!found.isEmpty()) {
            throw new AssertionError("the API and openapi.yaml disagree:\n  " + String.join("\n  ", found));
        }
    }

    /** Every mismatch seen since the last call, oldest first, and forgets them (a test checks what it caused). */
    public static List<String> drainMismatches() {
        synchronized (MISMATCHES) {
            List<String> seen = List.copyOf(MISMATCHES);
            MISMATCHES.clear();
            return seen;
        }
    }

    /** The repository's openapi.yaml, beside the template.yaml {@link SamTemplate#locate()} finds. */
    public static Path document() {
        return SamTemplate.locate().resolveSibling("openapi.yaml");
    }

    @SuppressWarnings("unchecked")
    private static Function<ApiExchange, List<String>> checker() {
        Function<ApiExchange, List<String>> current = checker;
        if (current == null) {
            synchronized (ApiContract.class) {
                if (checker == null) {
                    Path document = document();
                    if (!Files.exists(document)) {
                        throw new IllegalStateException(PROPERTY + " is set but there is no " + document);
                    }
                    try {
                        checker = (Function<ApiExchange, List<String>>) Class.forName("dev.verdict.localkit.OpenApiContract")
                                .getConstructor(Path.class).newInstance(document);
                    } catch (ClassNotFoundException | NoClassDefFoundError e) {
                        throw new IllegalStateException(PROPERTY + " is set, but com.atlassian.oai:swagger-request-validator-core"
                                + " is not on this module's test class path", e);
                    } catch (InvocationTargetException e) {
                        throw new IllegalStateException("cannot read " + document + ": " + e.getCause().getMessage(), e.getCause());
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
                current = checker;
            }
        }
        return current;
    }
}
