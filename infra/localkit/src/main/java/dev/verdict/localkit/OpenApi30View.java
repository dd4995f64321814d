package dev.verdict.localkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * openapi.yaml (OpenAPI 3.1) rewritten in the OpenAPI 3.0 terms swagger-request-validator 2.44 checks: it reads a 3.1
 * document without complaint but then checks none of its schemas' types (measured here: a string where an integer is
 * due passes). The document uses only what translates one for one: {@code type: [T, 'null']} is 3.0's
 * {@code type: T, nullable: true}, {@code const: v} is {@code enum: [v]}, and a schema's {@code examples} list is
 * dropped. Any other 3.1-only keyword stops the tests, so nothing in the document goes unchecked unnoticed.
 */
final class OpenApi30View {

    private static final Set<String> UNTRANSLATED = Set.of("prefixItems", "$defs", "dependentRequired",
            "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "if", "then", "else", "contentMediaType",
            "contentEncoding", "contentSchema", "$dynamicRef", "$anchor", "webhooks", "jsonSchemaDialect");

    private OpenApi30View() {
    }

    static Map<String, Object> of(Path document) {
        try (Reader reader = Files.newBufferedReader(document)) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (!String.valueOf(root.get("openapi")).startsWith("3.1.")) {
                throw new IllegalStateException(document + " is not OpenAPI 3.1: openapi is " + root.get("openapi"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> converted = (Map<String, Object>) convert(root, "");
            converted.put("openapi", "3.0.3");
            return converted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object convert(Object node, String where) {
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(convert(list.get(i), where + "/" + i));
            }
            return out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return node;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            String at = where + "/" + key;
            if (UNTRANSLATED.contains(key) || (key.startsWith("exclusiveM") && value instanceof Number)) {
                throw new IllegalStateException("openapi.yaml uses " + key + " at " + where
                        + ": it has no OpenAPI 3.0 equivalent the contract tests could check");
            }
            if (key.equals("type") && value instanceof List<?> types) {
                List<Object> rest = new ArrayList<>(types);
                boolean nullable = rest.remove("null");
                if (rest.size() != 1) {
                    throw new IllegalStateException("openapi.yaml: type " + types + " at " + where
                            + " is not one type, or one type or null");
                }
                out.put("type", rest.getFirst());
                if (nullable) {
                    out.put("nullable", true);
                }
            } else if (key.equals("const")) {
                out.put("enum", List.of(value));
            } else if (key.equals("examples") && value instanceof List<?>) {
                continue; // a schema's examples (3.1); a media type's examples map is 3.0 as well and kept
            } else {
                out.put(key, convert(value, at));
            }
        }
        return out;
    }
}
