package dev.verdict.content.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.verdict.core.json.Json;

/**
 * Escaping for the three places catalogue text lands in a generated page. Every value from the catalogue goes through
 * one of these, so a title holding {@code "}, {@code <}, {@code &} or {@code </script>} stays text wherever it is put.
 */
final class Html {

    private Html() {
    }

    /** Text between tags and inside double-quoted attribute values: the five characters that could end either. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A value as JSON fit for a {@code <script type="application/ld+json">} block. A script element's content is not
     * HTML-decoded, so entities would be read literally; instead the characters that could close the element or start
     * markup are written as JSON's own \\u escapes, which any JSON parser reads back as the same text.
     */
    static String scriptJson(Object value) {
        String json;
        try {
            json = Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable as JSON-LD", e);
        }
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
