package dev.verdict.comparisons;

import dev.verdict.core.json.Json;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's contract, openapi.yaml (bundled into this jar from the repository's root), as the JSON GET /openapi.json
 * answers. Read and converted once, the first time it is asked for: the reads this function exists for never pay for
 * parsing YAML, at INIT or after.
 */
@Singleton
public final class OpenApiDocument {

    static final String RESOURCE = "openapi.yaml";

    private volatile String json;

    public String json() {
        String current = json;
        if (current == null) {
            synchronized (this) {
                if (json == null) {
                    json = read();
                }
                current = json;
            }
        }
        return current;
    }

    private static String read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not bundled beside " + OpenApiDocument.class.getName());
            }
            // The safe constructor builds plain maps, lists and scalars only; openapi.yaml quotes its dates and codes.
            Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return Json.write(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
