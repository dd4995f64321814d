package dev.verdict.content.pages;

/**
 * The small figures the pages draw as SVG: a width is an attribute there, where an inline style would be refused by the
 * CSP (style-src 'self'). The community's bar also holds its interval (the lighter band), which the page's script sizes.
 */
final class Bars {

    /**
     * Under a tool's figures: the community's interval in words, filled by the script. It keeps two lines of room from
     * the start, so nothing below it moves when it fills.
     */
    static final String INTERVAL_LINE = "  <p class=\"community-interval\"></p>\n";

    private Bars() {
    }

    static String share(String kind, Integer percent) {
        return "<svg class=\"bar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
                + ("community".equals(kind) ? "<rect class=\"bar-range\" x=\"0\" y=\"0\" height=\"6\" width=\"0\"/>" : "")
                + "<rect class=\"bar-fill " + kind + "\" x=\"0\" y=\"0\" height=\"6\" width=\"" + (percent == null ? 0 : percent) + "\"/></svg>";
    }
}
