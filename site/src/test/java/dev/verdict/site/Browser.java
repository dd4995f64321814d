package dev.verdict.site;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver. Both paths are given explicitly, so Selenium
 * Manager has nothing to look up and never downloads a driver or a browser.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("verdict.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("verdict.chromedriver", "/usr/bin/chromedriver"));
    /** Long enough for a cold JVM path through the stack; the waits return as soon as the page is ready. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Why the browser tests cannot run here, if they cannot. */
    static Optional<String> unavailable() {
        for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(executable)) {
                return Optional.of(executable + " is missing (apt-get install chromium chromium-driver)");
            }
        }
        return Optional.empty();
    }

    static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("verdict-chromium");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--hide-scrollbars", "--window-size=1280,900", "--user-data-dir=" + profile);
        // Console messages, so the tests can insist on none at error level (script errors, CSP refusals, failed loads).
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        return new Browser(new ChromeDriver(service, options), profile);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(condition, PATIENCE);
    }

    <T> T waitFor(Function<WebDriver, T> condition, Duration patience) {
        return new WebDriverWait(driver, patience).until(condition);
    }

    WebElement find(String css) {
        return waitFor(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    /** Waits until the element's visible text is exactly {@code text}, and answers it. */
    String waitForText(String css, String text) {
        return waitForText(css, text, PATIENCE);
    }

    String waitForText(String css, String text, Duration patience) {
        return waitFor(d -> d.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText).filter(text::equals).findFirst().orElse(null), patience);
    }

    @SuppressWarnings("unchecked")
    <T> T script(String javascript, Object... arguments) {
        return (T) ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /**
     * Chromium's cumulative layout shift of the page as it stands, its own entries from the start (buffered), summed
     * after a second more for anything still arriving; shifts right after input do not count, as in the metric.
     */
    double cumulativeLayoutShift() {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Number sum = (Number) ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                let sum = 0;
                new PerformanceObserver((list) => {
                  for (const entry of list.getEntries()) if (!entry.hadRecentInput) sum += entry.value;
                }).observe({ type: "layout-shift", buffered: true });
                setTimeout(() => done(sum), 1000);""");
        return sum.doubleValue();
    }

    /** The viewport a phone gives a page: CSS width {@code width}, mobile layout, as Chromium's device mode does. */
    void emulatePhone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    /** The page as a reader without JavaScript gets it (until switched back on): what the HTML holds by itself. */
    void runScripts(boolean run) {
        driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", !run));
    }

    void emulateDesktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** A screenshot of the whole page, not only the viewport. */
    void screenshot(Path file) throws IOException {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).doubleValue(),
                        "height", ((Number) size.get("height")).doubleValue(), "scale", 1)));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Error-level console messages since the last call. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** What the reader sees before scrolling. */
    void viewportScreenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }
}
