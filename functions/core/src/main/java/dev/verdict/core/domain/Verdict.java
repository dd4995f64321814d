package dev.verdict.core.domain;

import java.util.Locale;
import java.util.Optional;

/** What a reviewer or a visitor says of a tool. */
public enum Verdict {
    SHIP, SKIP;

    /** The wire form: {@code "ship"} or {@code "skip"}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form exactly; anything else (including other cases or padding) is not a verdict. */
    public static Optional<Verdict> parse(String text) {
        if ("ship".equals(text)) {
            return Optional.of(SHIP);
        }
        if ("skip".equals(text)) {
            return Optional.of(SKIP);
        }
        return Optional.empty();
    }
}
