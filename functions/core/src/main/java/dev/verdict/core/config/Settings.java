package dev.verdict.core.config;

import io.micronaut.context.env.Environment;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one reader of a function's settings: the environment variables template.yaml gives it (on Lambda), or the same
 * names given as properties (the local stack and tests). Each setting is read where the bean that needs it is built,
 * so a function reads only what its own code uses, and a missing or malformed one fails INIT with a line naming it.
 *
 * <p>Every name asked for is remembered with where it comes from, so the template contract test can hold each
 * function's Environment in template.yaml to exactly what its code reads.
 */
@Singleton
public final class Settings {

    /** Where a variable comes from, which decides whether template.yaml must give it. */
    public enum Origin {
        /** template.yaml gives it to the function. */
        TEMPLATE,
        /** Lambda sets it itself (AWS_REGION). */
        LAMBDA,
        /** Only off AWS: the local stack, the tests and the bench stand it in for something only AWS has. */
        OFF_AWS
    }

    private final Function<String, String> lookup;
    private final Map<String, Origin> asked = new LinkedHashMap<>();
    private final List<String> tables = new ArrayList<>();

    @Inject
    public Settings(Environment environment) {
        this(name -> environment.getProperty(propertyName(name), String.class).orElse(null));
    }

    /** Settings answered by {@code lookup} (a variable's name to its value, or null): the bench and unit tests. */
    public Settings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** A variable the function cannot start without. */
    public String require(String name) {
        return optional(name).orElseThrow(() -> new ConfigurationError("missing configuration: " + name));
    }

    /** A table's name; the function's first table is also where SnapStart priming sends its request. */
    public String table(String name) {
        String table = require(name);
        synchronized (this) {
            tables.add(table);
        }
        return table;
    }

    /** A variable template.yaml gives, which may be blank (then empty). */
    public Optional<String> optional(String name) {
        return read(name, Origin.TEMPLATE);
    }

    /** A positive whole number, {@code fallback} when blank; anything else fails INIT naming the variable. */
    public int positive(String name, int fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get().trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigurationError(name + " must be a positive whole number");
    }

    /** A variable Lambda sets itself, {@code fallback} where nothing does. */
    public String fromLambda(String name, String fallback) {
        return read(name, Origin.LAMBDA).orElse(fallback);
    }

    /** A variable only set off AWS, standing in for something only AWS has; template.yaml never gives it. */
    public Optional<String> offAws(String name) {
        return read(name, Origin.OFF_AWS);
    }

    /** Every variable asked for so far, in order, with where it comes from. */
    public synchronized Map<String, Origin> asked() {
        return Map.copyOf(asked);
    }

    /** The tables asked for so far, in order. */
    public synchronized List<String> tables() {
        return List.copyOf(tables);
    }

    private Optional<String> read(String name, Origin origin) {
        synchronized (this) {
            asked.putIfAbsent(name, origin);
        }
        return Optional.ofNullable(lookup.apply(name)).filter(value -> !value.isBlank());
    }

    /**
     * The Micronaut property an environment variable becomes ({@code CONTENT_TABLE} → {@code content.table}).
     * The local stack and tests pass settings under these names, so handlers see them exactly as on Lambda.
     */
    public static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** An environment (variable → value) as the Micronaut properties a handler's context is built with. */
    public static Map<String, Object> asProperties(Map<String, String> environment) {
        Map<String, Object> properties = new LinkedHashMap<>();
        environment.forEach((name, value) -> properties.put(propertyName(name), value));
        return properties;
    }
}
