package dev.verdict.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core, run inside the page as it stands: its own axe.min.js (from Deque's jar, on the test classpath), injected
 * through WebDriver, so the page needs no change and nothing is fetched from another host.
 */
final class Axe {

    private static final String SCRIPT = load();

    private Axe() {
    }

    /** The serious and critical violations on the current page, one line each: rule, impact, the first elements. */
    static List<String> seriousOrCritical(Browser browser) {
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        ((JavascriptExecutor) browser.driver()).executeScript(SCRIPT);
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ["violations"] }).then((results) => done(results.violations
                    .filter((v) => v.impact === "serious" || v.impact === "critical")
                    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`)),
                  (error) => done(["axe failed: " + error]));""");
        return found;
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
