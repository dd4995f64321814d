package dev.verdict.core.domain;

import java.util.regex.Pattern;

/** Checks shared by the domain records' compact constructors; messages start with the field's name. */
public final class Require {

    /** Slugs and ids: lower-case words joined by single hyphens, at most 100 characters, safe in a URL path. */
    public static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    public static final int MAX_ID_LENGTH = 100;

    private Require() {
    }

    public static boolean isId(String value) {
        return value != null && value.length() <= MAX_ID_LENGTH && ID.matcher(value).matches();
    }

    static void id(String field, String value) {
        if (!isId(value)) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a valid id (lower-case words joined by hyphens)");
        }
    }

    static void text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": required");
        }
    }

    static void present(String field, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": required");
        }
    }
}
