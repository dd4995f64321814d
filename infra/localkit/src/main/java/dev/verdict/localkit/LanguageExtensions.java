package dev.verdict.localkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of CloudFormation's {@code AWS::LanguageExtensions} transform the template uses: {@code Fn::ForEach} loops
 * in Resources, Outputs and Conditions, expanded as CloudFormation expands them before SAM sees the template, so the
 * local stack and the tests read the same resources AWS creates.
 *
 * <p>A loop {@code Fn::ForEach::Name: [Identifier, [Value, …], {OutputKey: OutputValue}]} becomes one copy of its
 * fragment per value, with every {@code ${Identifier}} and {@code &{Identifier}} in keys and strings replaced by the
 * value; loops nest. A loop in a template that does not declare the transform is an error, as it is on AWS.
 */
final class LanguageExtensions {

    static final String TRANSFORM = "AWS::LanguageExtensions";
    private static final String LOOP = "Fn::ForEach::";

    private LanguageExtensions() {
    }

    static Map<String, Object> expand(Map<String, Object> root) {
        boolean declared = SamTemplate.list(root.get("Transform")).contains(TRANSFORM) || TRANSFORM.equals(root.get("Transform"));
        Map<String, Object> expanded = new LinkedHashMap<>(root);
        for (String section : List.of("Resources", "Outputs", "Conditions")) {
            if (root.get(section) instanceof Map<?, ?> entries) {
                expanded.put(section, expandSection(SamTemplate.map(entries), declared, section));
            }
        }
        return expanded;
    }

    private static Map<String, Object> expandSection(Map<String, Object> entries, boolean declared, String section) {
        Map<String, Object> out = new LinkedHashMap<>();
        entries.forEach((key, value) -> {
            if (!key.startsWith(LOOP)) {
                put(out, key, value, section);
                return;
            }
            if (!declared) {
                throw new IllegalArgumentException(key + " in " + section + " needs Transform " + TRANSFORM);
            }
            List<Object> loop = SamTemplate.list(value);
            if (loop.size() != 3 || !(loop.get(0) instanceof String identifier) || !(loop.get(2) instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(key + " must be [Identifier, [values], {OutputKey: OutputValue}]");
            }
            for (Object item : SamTemplate.list(loop.get(1))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = (Map<String, Object>) substitute(loop.get(2), identifier, String.valueOf(item));
                expandSection(copy, true, section).forEach((k, v) -> put(out, k, v, section));
            }
        });
        return out;
    }

    private static void put(Map<String, Object> out, String key, Object value, String section) {
        if (out.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException(section + " declares " + key + " twice (a loop's output included)");
        }
    }

    /** A deep copy of {@code fragment} with the identifier's placeholders replaced in every key and string. */
    private static Object substitute(Object fragment, String identifier, String value) {
        if (fragment instanceof String text) {
            return text.replace("${" + identifier + "}", value).replace("&{" + identifier + "}", value);
        }
        if (fragment instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) substitute(String.valueOf(k), identifier, value), substitute(v, identifier, value)));
            return copy;
        }
        if (fragment instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(substitute(v, identifier, value)));
            return copy;
        }
        return fragment;
    }
}
