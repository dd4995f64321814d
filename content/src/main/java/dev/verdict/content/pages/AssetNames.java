package dev.verdict.content.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Content-hashed names for the published assets, so they can be cached for a year: {@code assets/compare.js} is
 * also published as {@code assets/compare.1a2b3c4d.js}, and every page and asset refers to the hashed names. A hash
 * covers the file as published, references included, so a change in {@code api.js} gives new names to it and to
 * every module importing it. The plain names stay published too (for the signup function's pages, which link
 * {@code /assets/site.css}); they are cached briefly, as before. {@code /config.js} keeps its name: it is rewritten at
 * deploy time and revalidated like the HTML.
 */
final class AssetNames {

    private static final String ASSETS = "assets/";
    /** How a hashed name looks, for the upload's filters: {@code assets/*.????????.*}. */
    static final String HASHED = "assets/[^/]+\\.[0-9a-f]{8}\\.[a-z0-9]+";

    private AssetNames() {
    }

    /** The site's files with the hashed copies added and every page and hashed asset pointing at hashed names. */
    static Map<String, byte[]> apply(Map<String, byte[]> files) {
        Map<String, String> names = new LinkedHashMap<>();
        // Modules import modules: iterate until every name is the hash of a file whose references are final.
        for (int round = 0; round < 32; round++) {
            Map<String, String> next = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (file.getKey().startsWith(ASSETS)) {
                    next.put(file.getKey(), hashedName(file.getKey(), rewrite(file.getKey(), file.getValue(), names)));
                }
            }
            if (next.equals(names)) {
                return published(files, names);
            }
            names = next;
        }
        throw new IllegalStateException("asset references do not settle (an import cycle?)");
    }

    private static Map<String, byte[]> published(Map<String, byte[]> files, Map<String, String> names) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((path, bytes) -> {
            if (path.startsWith(ASSETS)) {
                out.put(path, bytes);
                out.put(names.get(path), rewrite(path, bytes, names));
            } else {
                out.put(path, path.endsWith(".html") ? rewrite(path, bytes, names) : bytes);
            }
        });
        return out;
    }

    private static byte[] rewrite(String path, byte[] bytes, Map<String, String> names) {
        if (!(path.endsWith(".html") || path.endsWith(".js") || path.endsWith(".css"))) {
            return bytes;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> name : names.entrySet()) {
            // Only whole quoted references ("/assets/api.js"), so api.js never rewrites part of my-api.js.
            text = text.replace("\"/" + name.getKey() + "\"", "\"/" + name.getValue() + "\"");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hashedName(String path, byte[] content) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 8);
            int dot = path.lastIndexOf('.');
            return dot > path.lastIndexOf('/') ? path.substring(0, dot) + "." + hash + path.substring(dot) : path + "." + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
