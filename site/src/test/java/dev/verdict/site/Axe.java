package dev.verdict.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core run in the page the browser holds. Its copy is the one Lighthouse depends on (infra/lighthouse, installed
 * by {@code npm ci}), so nothing is fetched at test time; injected through the driver, which the page's CSP does not
 * govern.
 */
final class Axe {

    static final Path SCRIPT = SharedSite.ROOT.resolve("infra/lighthouse/node_modules/axe-core/axe.min.js");

    private Axe() {
    }

    /** Why axe cannot run here, if it cannot. */
    static Optional<String> unavailable() {
        return Files.isRegularFile(SCRIPT) ? Optional.empty()
                : Optional.of(SCRIPT + " is missing (cd infra/lighthouse && npm ci)");
    }

    /** The violations of serious or critical impact on the current page, each as "rule: help (where)". */
    static List<String> seriousOrCritical(Browser browser) throws IOException {
        browser.script(Files.readString(SCRIPT));
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ["violations"] }).then((results) => done(results.violations
                  .filter((v) => v.impact === "serious" || v.impact === "critical")
                  .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)),
                  (error) => done([`axe failed: ${error}`]));""");
        return found;
    }
}
