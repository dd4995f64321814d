package dev.verdict.core.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a ranking orders tools by: community votes, the panel's reviews, or the ship votes of the last 24 hours. */
public enum RankingOrder {
    COMMUNITY, PANEL, TRENDING;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RankingOrder> parse(String wire) {
        return Arrays.stream(values()).filter(order -> order.wire().equals(wire)).findFirst();
    }

    /** The allowed values as a client writes them, for an error message. */
    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(RankingOrder::wire).toList());
    }
}
