package dev.verdict.core.http;

import java.util.Locale;

/** Whether a request wants HTML (a browser opening a link) or JSON (a program), by its Accept header's preferences. */
public final class ContentNegotiation {

    private ContentNegotiation() {
    }

    /**
     * True when text/html is acceptable and preferred over JSON. Browsers list text/html explicitly and reach JSON only
     * through a lower-weighted *&#47;*; curl, fetch() and mail clients send *&#47;* or JSON, and get JSON.
     */
    public static boolean prefersHtml(ApiRequest request) {
        String accept = request.header("Accept").orElse("");
        double html = quality(accept, "text", "html");
        double json = Math.max(quality(accept, "application", "json"), quality(accept, "application", "problem+json"));
        // A quality is never below 0, so weighing more than JSON is also being acceptable at all.
        return html > json;
    }

    /** The q-value of the most specific range in {@code accept} that matches type/subtype (RFC 9110 §12.5.1). */
    public static double quality(String accept, String type, String subtype) {
        int bestSpecificity = -1;
        double best = 0;
        for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            String media = parts[0].trim();
            int specificity = media.equals(type + "/" + subtype) ? 2 : media.equals(type + "/*") ? 1 : media.equals("*/*") ? 0 : -1;
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                best = q(parts);
            }
        }
        return best;
    }

    private static double q(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Math.max(0, Math.min(1, Double.parseDouble(parameter.substring(2))));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
