package dev.verdict.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.local.LocalService;
import dev.verdict.localkit.ApiContract;
import dev.verdict.localkit.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A reader's visit, in headless Chromium against the whole local stack (site files from site/, the handlers
 * template.yaml names, the local engine): the home page, the comparison, voting, the newsletter, on a desktop and a phone.
 * The tests run in order because they share one stack: the votes cast in one are the community figures of the next.
 * The stack is the run's one {@link SharedSite}; this class alone votes on the tools of {@value #SLUG}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedSite.class)
class SiteInABrowserTest {

    private static final String SLUG = "google-scion-vs-code-llama-4";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalService stack;
    private static Browser browser;
    private static SamTemplate template;

    /** The stack and the browser are the JVM's one pair (SharedSite), started by the first class that needs them. */
    @BeforeAll
    static void useTheSharedStackAndBrowser() {
        template = SharedSite.template();
        stack = SharedSite.stack();
        browser = SharedSite.browser();
    }

    /** Whatever a test did, the page said nothing at error level: no script error, no CSP refusal, no failed load. */
    @AfterEach
    void theConsoleStayedClean() {
        if (browser != null) {
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** Every API request the page made, and every answer, agreed with openapi.yaml (held by the front door). */
    @AfterEach
    void everyExchangeFollowedTheOpenApiDocument() {
        assertThat(ApiContract.drainMismatches()).as("exchanges that disagree with openapi.yaml").isEmpty();
    }

    @Test
    @Order(1)
    void homeLeadsToTheComparisonWithItsPanelFiguresAndNoCommunityVotesYet() {
        browser.open(stack.url() + "/");
        browser.find(".comparison-card a[href='/compare/" + SLUG + "']").click();

        browser.waitFor(d -> d.getCurrentUrl().endsWith("/compare/" + SLUG));
        assertThat(browser.waitForText("h1.comparison-title", "Google Scion vs Code Llama 4")).isNotNull();
        assertThat(browser.find(".question").getText()).isEqualTo("Which one should you ship with?");
        assertThat(browser.find(tool("google-scion") + " .stat-panel .stat-value").getText()).isEqualTo("50%");
        assertThat(browser.find(tool("code-llama-4") + " .stat-panel .stat-value").getText()).isEqualTo("75%");
        assertThat(browser.find(tool("google-scion") + " .stat-community .stat-value").getText()).isEqualTo("—");
        assertThat(browser.find(tool("code-llama-4") + " .stat-community .stat-value").getText()).isEqualTo("—");
        assertThat(browser.find(tool("code-llama-4") + " .stat-entry .stat-value").getText()).isEqualTo("Free");
        assertThat(browser.find(tool("code-llama-4") + " .tagline").getText()).startsWith("Open-weight code models");
        assertThat(browser.find(".verdict-panel").getText()).contains("ships with Code Llama 4");
        browser.find("#comparison[data-live]");
        assertThat(browser.find(".verdict-community").getText()).contains("hasn't decided yet");
        List<String> reviewers = texts(".reviews .reviewer-name");
        assertThat(reviewers).hasSize(8).contains("Priya Raman", "Tomás Ferreira");
        assertThat(texts(".split-count")).containsExactly("2 ship · 2 skip", "3 ship · 1 skip");
        assertThat(browser.find(tool("code-llama-4")).getAttribute("class")).contains("is-leader");
    }

    @Test
    @Order(2)
    void homeFiltersByCategoryAndPagesThroughTheCursor() {
        browser.open(stack.url() + "/?per=2");
        browser.waitFor(d -> texts(".comparison-card h3").size() == 2);
        WebElement more = browser.find("button.more");
        assertThat(more.isDisplayed()).isTrue();

        more.click();
        browser.waitFor(d -> texts(".comparison-card h3").size() == 4);
        assertThat(texts(".comparison-card h3")).containsExactly("Google Scion vs Code Llama 4", "Aider vs Continue",
                "Perplexity vs Elicit", "Stable Diffusion 3.5 vs Midjourney v7");
        browser.waitFor(d -> !d.findElement(By.cssSelector("button.more")).isDisplayed());

        chip("Image Generation").click();
        browser.waitFor(d -> texts(".comparison-card h3").equals(List.of("Stable Diffusion 3.5 vs Midjourney v7")));
        assertThat(chip("Image Generation").getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(browser.driver().getCurrentUrl()).contains("category=Image+Generation");
    }

    @Test
    @Order(3)
    void aVisitorVotesShipThenChangesToSkipThenTakesItBack() throws Exception {
        requireRoute("PUT", "/comparisons/{slug}/votes/{toolId}", "the votes API");
        openComparison();
        String community = tool("google-scion") + " .stat-community";

        // The first vote creates the browser's voter (a proof of work in Web Workers), then votes as it. The work is
        // random (2^16 hashes on average, a long tail) and this machine is shared, so it gets more patience.
        browser.find(tool("google-scion") + " .vote-button.ship").click();
        // One vote is far below the minimum for a share: the box shows the count, never "100%".
        browser.waitForText(community + " .stat-value", "1 vote", java.time.Duration.ofMinutes(2));
        assertThat(browser.find(community + " .stat-note").getText()).isEqualTo("1 ship, 0 skip · too few votes yet");
        assertThat(browser.<String>script("return localStorage.getItem('verdict.voterCreatedAt')")).isNotNull();
        assertThat(pressed("google-scion")).containsExactly("ship");
        awaitApiCommunity("google-scion", 1, 0);
        browser.screenshot(SCREENSHOTS.resolve("compare-voted-desktop.png"));

        // A reload shows the API's figure and remembers this visitor's vote.
        openComparison();
        browser.waitForText(community + " .stat-note", "1 ship, 0 skip · too few votes yet");
        assertThat(pressed("google-scion")).containsExactly("ship");

        // Changing the vote with the keyboard: the same voter, so the vote moves rather than doubling.
        WebElement skip = browser.find(tool("google-scion") + " .vote-button.skip");
        skip.sendKeys(Keys.SPACE);
        browser.waitForText(community + " .stat-note", "0 ship, 1 skip · too few votes yet");
        assertThat(browser.find(community + " .stat-value").getText()).isEqualTo("1 vote");
        assertThat(pressed("google-scion")).containsExactly("skip");
        awaitApiCommunity("google-scion", 0, 1);
        assertThat(browser.find(".verdict-community").getText()).contains("too few votes (Google Scion 1 vote, Code Llama 4 0 votes");

        // With both tools voted on but below the minimum, the line names no pick and gives each tool's count
        // (the pick itself, from ten votes a tool, is checked in communityVerdictNamesEachShareWithItsTool).
        browser.find(tool("code-llama-4") + " .vote-button.ship").click();
        browser.waitForText(tool("code-llama-4") + " .stat-community .stat-note", "1 ship, 0 skip · too few votes yet");
        browser.waitFor(d -> browser.find(".verdict-community").getText()
                .contains("too few votes (Google Scion 1 vote, Code Llama 4 1 vote; a pick needs 10 each)"));
        awaitApiCommunity("code-llama-4", 1, 0);

        browser.find(tool("google-scion") + " .retract").click();
        browser.waitForText(community + " .stat-value", "—");
        assertThat(pressed("google-scion")).isEmpty();
        // The "take back" button disappears with the vote; keyboard focus lands on the tool's ship button, not nowhere.
        assertThat(browser.driver().switchTo().activeElement().getAttribute("aria-label")).isEqualTo("Ship it: Google Scion");
        awaitApiCommunity("google-scion", 0, 0);
        // Pressing the verdict already given takes it back too.
        browser.find(tool("code-llama-4") + " .vote-button.ship").click();
        browser.waitForText(tool("code-llama-4") + " .stat-community .stat-value", "—");
        awaitApiCommunity("code-llama-4", 0, 0);
        // A vote changes at most once every two seconds; a change sooner is refused (429) and the page sends it again.
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("/votes/") && line.contains("status of 429"));
    }

    @Test
    @Order(4)
    void aVisitorSignsUpForTheNewsletterAndTheConfirmationReachesTheOutbox() throws Exception {
        requireRoute("POST", "/subscriptions", "the signups API");
        openComparison();
        WebElement email = browser.find("#newsletter-email");
        email.sendKeys("reader@example.com");
        browser.find(".newsletter-form button[type=submit]").click();
        assertThat(browser.waitForText(".form-message", "Please tick the box to agree to receive the newsletter.")).isNotNull();

        browser.find("#newsletter-consent").click();
        browser.find(".newsletter-form button[type=submit]").click();
        browser.waitForText(".form-message", "Almost there: check your inbox to confirm your subscription.");

        Path outbox = stack.dataDir().resolve("outbox");
        String message = browser.waitFor(d -> outboxMessageTo(outbox, "reader@example.com").orElse(null));
        assertThat(message).contains("reader@example.com");

        // The message's confirmation link, opened in the browser, shows a Confirm button (opening it confirms
        // nothing: mail scanners open links too); pressing it ends on the site's friendly page.
        Matcher link = Pattern.compile("https?://[^\\s\"<>]+/subscriptions/confirm\\?token=[A-Za-z0-9._~%-]+")
                .matcher(unfoldQuotedPrintable(message));
        assertThat(link.find()).as("a confirmation link in the message").isTrue();
        assertThat(link.group()).startsWith(stack.url());
        browser.open(link.group());
        browser.find("form[method=post] button[type=submit]").click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/confirmed"));
        assertThat(browser.find("h1").getText()).isEqualTo("You're subscribed");

        browser.open(stack.url() + "/subscriptions/confirm?token=not-a-token-we-issued");
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/link-expired"));
        assertThat(browser.find("h1").getText()).isEqualTo("That link has expired");
    }

    @Test
    @Order(5)
    void theNewsletterFormExplainsAnAddressTheApiRefusesAndTheRateLimit() {
        requireRoute("POST", "/subscriptions", "the signups API");
        openComparison();
        WebElement email = browser.find("#newsletter-email");
        email.clear();
        email.sendKeys("two..dots@example.com");
        WebElement consent = browser.find("#newsletter-consent");
        if (!consent.isSelected()) {
            consent.click();
        }
        browser.find(".newsletter-form button[type=submit]").click();
        browser.waitForText(".form-message", "That email address doesn't look right. Please check it and try again.");
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");

        // Use up this connection's signup allowance from the page itself (same client address), then try once more.
        // Only valid signups count toward it, so these are valid addresses.
        browser.driver().manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(30));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const post = (i) => fetch('/subscriptions', {method: 'POST', headers: {'Content-Type': 'application/json'},
                  body: JSON.stringify({email: 'allowance' + i + '@example.com', consent: true})}).then(r => r.status);
                (async () => { for (let i = 0; i < 12; i++) { if (await post(i) === 429) break; } done(); })();""");
        // A valid address: an invalid one is answered 400 before any limit is looked at.
        email.clear();
        email.sendKeys("one.more@example.com");
        browser.find(".newsletter-form button[type=submit]").click();
        String message = browser.waitFor(d -> {
            String text = d.findElement(By.cssSelector(".form-message")).getText();
            return text.startsWith("Too many sign-up attempts") ? text : null;
        });
        assertThat(message).matches("Too many sign-up attempts from your connection\\. Please try again in .+\\.");

        // The refusals above are expected on the console; nothing else is.
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("/subscriptions")
                && (line.contains("status of 400") || line.contains("status of 429")));
    }

    @Test
    @Order(6)
    void theComparisonFitsAPhoneAndADesktopAndAsksNoOtherHost() throws IOException {
        browser.emulatePhone(390, 844);
        try {
            openComparison();
            assertThat(browser.<Long>script("return window.innerWidth")).isEqualTo(390L);
            assertThat(browser.<Long>script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390L);
            browser.screenshot(SCREENSHOTS.resolve("compare-phone.png"));
            browser.viewportScreenshot(SCREENSHOTS.resolve("compare-phone-first-screen.png"));
            browser.open(stack.url() + "/");
            browser.find(".comparison-card");
            assertThat(browser.<Long>script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390L);
            browser.screenshot(SCREENSHOTS.resolve("home-phone.png"));
        } finally {
            browser.emulateDesktop();
        }

        openComparison();
        browser.screenshot(SCREENSHOTS.resolve("compare-desktop.png"));
        List<String> hosts = browser.script(
                "return performance.getEntries().filter(e => e.name.includes('://')).map(e => new URL(e.name).hostname)");
        assertThat(hosts).isNotEmpty().allMatch(host -> host.equals("localhost") || host.equals("127.0.0.1"));
        browser.open(stack.url() + "/");
        browser.find(".comparison-card");
        browser.screenshot(SCREENSHOTS.resolve("home-desktop.png"));
        assertThat(SCREENSHOTS.resolve("compare-desktop.png")).isNotEmptyFile();
    }

    @Test
    @Order(7)
    void keyboardFocusIsVisibleAndEveryControlHasALabel() {
        openComparison();
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Skip to content");
        assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");

        List<String> unlabelled = browser.script("""
                return [...document.querySelectorAll('button, input, a[href]')]
                  .filter(e => !e.hidden && !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
                  .map(e => e.outerHTML)""");
        assertThat(unlabelled).isEmpty();
    }

    @Test
    @Order(8)
    void theLandingPagesOfMailLinksAreFriendly() {
        browser.open(stack.url() + "/confirmed");
        assertThat(browser.find("h1").getText()).isEqualTo("You're subscribed");
        browser.open(stack.url() + "/unsubscribed");
        assertThat(browser.find("h1").getText()).isEqualTo("You're unsubscribed");
        browser.open(stack.url() + "/link-expired");
        assertThat(browser.find("h1").getText()).isEqualTo("That link has expired");
        browser.open(stack.url() + "/404");
        assertThat(browser.find("h1").getText()).isEqualTo("We couldn't find that page");
    }

    @Test
    @Order(9)
    void theComparisonPageTakesTheSlugFromTheQueryAndExplainsAnUnknownOne() {
        browser.open(stack.url() + "/compare.html?slug=" + SLUG);
        assertThat(browser.waitForText("h1.comparison-title", "Google Scion vs Code Llama 4")).isNotNull();

        browser.open(stack.url() + "/compare/no-such-comparison");
        assertThat(browser.waitForText(".problem h1", "We couldn't find that comparison.")).isNotNull();
        assertThat(browser.find(".problem a[href='/']").getText()).isEqualTo("See all comparisons");
        assertThat(browser.consoleErrors()).allMatch(line -> line.contains("no-such-comparison") && line.contains("404"));
    }

    @Test
    @Order(10)
    void aVisitorsBrowserSolvesTheVoterProofInWebWorkers() throws IOException {
        openComparison();
        browser.driver().manage().timeouts().scriptTimeout(java.time.Duration.ofMinutes(5));
        // What the page does for a voter, 20 times over: a challenge at the template's difficulty, solved by the
        // page's own workers. Not redeemed, so every challenge is for a network that created no voters (the base).
        String result = (String) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { solve } = await import("/assets/voter.js");
                  const samples = [];
                  for (let i = 0; i < 20; i++) {
                    const challenge = await (await fetch("/voters/challenge", { cache: "no-store" })).json();
                    const solved = await solve(challenge);
                    samples.push({ ms: solved.ms, hashes: solved.hashes, difficulty: challenge.difficulty,
                                   challenge: challenge.challenge, nonce: solved.nonce });
                  }
                  return JSON.stringify({ workers: Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)), samples });
                })().then(done, (error) => done("error: " + error));""");
        assertThat(result).doesNotStartWith("error");
        JsonNode measured = JSON.readTree(result);
        List<JsonNode> samples = new java.util.ArrayList<>();
        measured.get("samples").forEach(samples::add);
        assertThat(samples).hasSize(20);
        for (JsonNode sample : samples) {
            assertThat(dev.verdict.votes.ProofOfWork.leadingZeroBits(sample.get("challenge").asText(), sample.get("nonce").asText()))
                    .isGreaterThanOrEqualTo(sample.get("difficulty").asInt());
        }
        long[] ms = samples.stream().mapToLong(s -> Math.round(s.get("ms").asDouble())).sorted().toArray();
        double median = (ms[9] + ms[10]) / 2.0;
        double hashes = samples.stream().mapToDouble(s -> s.get("hashes").asDouble()).sum();
        double seconds = samples.stream().mapToDouble(s -> s.get("ms").asDouble()).sum() / 1000;
        String line = String.format(java.util.Locale.ROOT,
                "MEASURE voter proof in headless Chromium: median %.0f ms of 20 (min %d, max %d) at difficulty %d, %d workers,"
                        + " about %.0f hashes/s", median, ms[0], ms[19], samples.getFirst().get("difficulty").asInt(),
                measured.get("workers").asInt(), hashes / seconds);
        System.out.println(line);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "voter-proof-chromium.txt"), line + System.lineSeparator() + result + System.lineSeparator());
    }

    @Test
    @Order(11)
    void aVisitorWhoseCookieWasClearedBecomesAVoterAgainAndTheVoteGoesThrough() {
        openComparison();
        browser.driver().manage().deleteAllCookies(); // the page still believes it has a voter (localStorage)
        String community = tool("code-llama-4") + " .stat-community";

        browser.find(tool("code-llama-4") + " .vote-button.skip").click();

        browser.waitForText(community + " .stat-note", "0 ship, 1 skip · too few votes yet", java.time.Duration.ofMinutes(2));
        assertThat(pressed("code-llama-4")).containsExactly("skip");
        awaitApiCommunity("code-llama-4", 0, 1);
        assertThat(browser.driver().manage().getCookieNamed("vid")).isNotNull();
        // The refusal that told the page to create a voter is the only console message.
        assertThat(browser.consoleErrors()).isNotEmpty().allMatch(line -> line.contains("/votes/code-llama-4") && line.contains("401"));
    }

    @Test
    @Order(12)
    void aQuickChangeOfMindIsSentAgainOnceTheVotesTwoSecondsHavePassed() {
        openComparison();
        String buttons = tool("google-scion") + " .vote-button";
        browser.find(buttons + ".ship").click();
        browser.waitFor(d -> pressed("google-scion").equals(List.of("ship"))
                && "false".equals(browser.find(buttons + ".ship").getAttribute("aria-disabled")) ? true : null);

        browser.find(buttons + ".skip").click();

        browser.waitFor(d -> pressed("google-scion").equals(List.of("skip")) ? true : null);
        assertThat(browser.find(tool("google-scion") + " .vote-status").getText()).isEqualTo("You'd skip Google Scion. Thanks for voting!");
        awaitApiCommunity("google-scion", 0, 1);
        assertThat(browser.consoleErrors()).isNotEmpty()
                .allMatch(line -> line.contains("/votes/google-scion") && line.contains("status of 429"));
    }

    @Test
    @Order(13)
    void theComparisonIsServedWrittenInWithItsPreviewAndAnUnknownOneIsA404() throws Exception {
        HttpResponse<String> page = get("/compare/" + SLUG);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<title>Google Scion vs Code Llama 4 · The Verdict</title>",
                "<h1 class=\"comparison-title\">Google Scion vs Code Llama 4</h1>",
                "<link rel=\"canonical\" href=\"" + stack.url() + "/compare/" + SLUG + "\">",
                "property=\"og:image\" content=\"" + stack.url() + "/compare/" + SLUG + "/preview.png\"",
                "name=\"twitter:card\" content=\"summary_large_image\"", "application/ld+json", "Priya Raman");
        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(stack.url() + "/compare/" + SLUG + "/preview.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(get("/sitemap.xml").body()).contains("<loc>" + stack.url() + "/compare/" + SLUG + "</loc>");
        assertThat(get("/robots.txt").body()).contains("Sitemap: " + stack.url() + "/sitemap.xml");

        HttpResponse<String> unknown = get("/compare/no-such-comparison");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(unknown.body()).contains("We couldn't find that page");
    }

    @Test
    @Order(14)
    void theComparisonHoldsStillWhileItsLiveFiguresArriveOnAPhoneAndADesktop() throws IOException {
        browser.emulatePhone(390, 844);
        try {
            assertThat(layoutShiftOfTheComparison("phone")).isLessThanOrEqualTo(0.05);
            browser.screenshot(SCREENSHOTS.resolve("compare-live-phone.png"));
        } finally {
            browser.emulateDesktop();
        }
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        assertThat(layoutShiftOfTheComparison("desktop")).isLessThanOrEqualTo(0.05);
        browser.screenshot(SCREENSHOTS.resolve("compare-live-desktop.png"));
    }

    @Test
    @Order(15)
    void thePageExplainsItsFiguresAndTheMethodologyPageSaysTheRest() {
        openComparison();
        assertThat(browser.find(".verdict-panel").getText()).contains("ships with Code Llama 4 (Code Llama 4 75% ship, Google Scion 50%)");
        assertThat(browser.find(".how-it-works").getText()).contains("Panel ship", "Community", "Entry", "10 votes");
        browser.find(".how-it-works a[href='/methodology']").click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/methodology"));
        assertThat(browser.find("h1").getText()).isEqualTo("How the verdicts work");
        assertThat(browser.find("main").getText()).contains("too few votes yet", "fewer than ten");

        browser.open(stack.url() + "/");
        assertThat(browser.find(".hero-lede").getText()).contains("two to four of them per tool").doesNotContain("Eight practitioners give");
    }

    @Test
    @Order(16)
    void communityVerdictNamesEachShareWithItsToolAndShowsCountsBelowTheMinimum() {
        openComparison();
        browser.driver().manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(30));
        String result = (String) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import("/assets/tally.js").then((t) => {
                  const tool = (id, name, ship, skip) => ({ id, name,
                    community: { ship, skip, total: ship + skip, shipPercent: t.shipPercent(ship, skip) } });
                  const enough = t.communityVerdict([tool("a", "Alpha", 5, 15), tool("b", "Beta", 9, 3)]);
                  const few = t.communityVerdict([tool("a", "Alpha", 5, 15), tool("b", "Beta", 1, 0)]);
                  done(JSON.stringify({ enough, few, one: t.communityFigure(tool("b", "Beta", 1, 0).community),
                                        ten: t.communityFigure(tool("b", "Beta", 9, 1).community) }));
                }, (error) => done("error: " + error));""");
        assertThat(result).doesNotStartWith("error");
        assertThat(result).contains("\"pick\":\"Beta\"", "\"figures\":\" (Beta 75% ship, Alpha 25%)\"");
        assertThat(result).contains("can't pick yet: too few votes (Alpha 20 votes, Beta 1 vote; a pick needs 10 each).");
        assertThat(result).contains("\"one\":{\"value\":\"1 vote\",\"note\":\"1 ship, 0 skip · too few votes yet\"");
        assertThat(result).contains("\"ten\":{\"value\":\"90%\",\"note\":\"9 of 10 votes\"");
    }

    @Test
    @Order(17)
    void afterAVoteThePageOffersTheOtherToolSharingAndRelatedComparisonsAndAPhoneReachesBothVotesEarly() throws IOException {
        openComparison();
        // Earlier tests left this browser's skip on both tools: take back Code Llama 4's so it is the one still open.
        browser.find(tool("code-llama-4") + " .retract").click();
        browser.waitForText(tool("code-llama-4") + " .stat-community .stat-value", "—");
        awaitApiCommunity("code-llama-4", 0, 0);

        browser.find(tool("google-scion") + " .vote-button.ship").click();
        WebElement next = browser.waitFor(d -> {
            WebElement box = d.findElement(By.cssSelector(tool("google-scion") + " .next-step"));
            return box.isDisplayed() ? box : null;
        });
        WebElement other = next.findElement(By.cssSelector("a[href='#vote-code-llama-4']"));
        assertThat(other.getText()).isEqualTo("Now your verdict on Code Llama 4");
        assertThat(next.findElement(By.cssSelector("a[href='#related-title']")).getText()).isEqualTo("More comparisons");
        List<String> share = browser.script("""
                const box = document.querySelector(arguments[0]);
                return [...box.querySelectorAll('.share button, .share a')].map(e => e.tagName === 'A' ? new URL(e.href).protocol + new URL(e.href).hostname : e.textContent)""",
                tool("google-scion") + " .next-step");
        // Headless Chromium on Linux has no share sheet: a copy button and plain links, never a third party's script.
        assertThat(share).isNotEmpty().allMatch(item -> item.equals("Share this comparison") || item.equals("Copy link")
                || item.equals("mailto:") || item.startsWith("https:"));
        assertThat(browser.<Long>script("return document.querySelectorAll('script:not([type=\"application/ld+json\"])').length")).isEqualTo(1L);
        other.click();
        browser.waitFor(d -> "vote-code-llama-4".equals(d.switchTo().activeElement().getAttribute("id")) ? true : null);
        awaitApiCommunity("google-scion", 1, 0);

        browser.emulatePhone(390, 844);
        try {
            openComparison();
            // Both tools' votes are one tap from the first screen, and come before the reviews.
            assertThat(browser.<Boolean>script("""
                    const links = [...document.querySelectorAll('.jump a')];
                    const reviews = document.querySelector('.scorecard');
                    return links.length === 2 && links.every(a => a.getBoundingClientRect().bottom <= innerHeight)
                      && links.every(a => document.querySelector(a.getAttribute('href'))
                           .compareDocumentPosition(reviews) & Node.DOCUMENT_POSITION_FOLLOWING)""")).isTrue();
            browser.viewportScreenshot(SCREENSHOTS.resolve("compare-phone-first-screen-jump.png"));
            browser.find(".jump a[href='#vote-code-llama-4']").click();
            browser.waitFor(d -> "vote-code-llama-4".equals(d.switchTo().activeElement().getAttribute("id")) ? true : null);
            assertThat(browser.<Boolean>script("""
                    const r = document.querySelector('#vote-code-llama-4 .vote-button.ship').getBoundingClientRect();
                    return r.top >= 0 && r.bottom <= innerHeight""")).isTrue();
            browser.viewportScreenshot(SCREENSHOTS.resolve("compare-phone-second-vote.png"));
        } finally {
            browser.emulateDesktop();
        }
    }

    @Test
    @Order(18)
    void screenReadersHearOneAnnouncementPerVoteAndDistinctNamesAndForcedColoursShowThePressedVote() {
        openComparison();
        // Nothing reads as invalid before the reader has done anything.
        assertThat(browser.<Boolean>script("const c = document.querySelector('#newsletter-consent');"
                + " return c.matches(':invalid') || c.hasAttribute('aria-invalid')")).isFalse();
        List<String> retractNames = browser.script("return [...document.querySelectorAll('.retract')].map(b => b.getAttribute('aria-label'))");
        assertThat(retractNames).containsExactly("Take back my vote on Google Scion", "Take back my vote on Code Llama 4");
        // "—" is hidden from screen readers; the note beside it says the same in words.
        assertThat(browser.find(tool("code-llama-4") + " .stat-community .stat-value").getAttribute("aria-hidden")).isEqualTo("true");
        assertThat(browser.find(tool("code-llama-4") + " .stat-community .stat-note").getText()).isEqualTo("No votes yet");

        // One vote, one announcement: record every text the page's live regions take while a vote goes through.
        browser.script("""
                window.announced = [];
                new MutationObserver(() => {
                  for (const region of document.querySelectorAll('#comparison [aria-live], #comparison [role=status]')) {
                    const text = region.textContent.trim();
                    if (text && region.dataset.last !== text) window.announced.push(text);
                    region.dataset.last = text;
                  }
                }).observe(document.querySelector('#comparison'), { subtree: true, childList: true, characterData: true });""");
        browser.find(tool("code-llama-4") + " .vote-button.ship").click();
        browser.waitForText(tool("code-llama-4") + " .vote-status", "You'd ship with Code Llama 4. Thanks for voting!");
        awaitApiCommunity("code-llama-4", 1, 0);
        browser.waitFor(d -> "false".equals(browser.find(tool("code-llama-4") + " .vote-button.ship").getAttribute("aria-disabled")) ? true : null);
        assertThat(browser.<List<String>>script("return window.announced"))
                .containsExactly("You'd ship with Code Llama 4. Thanks for voting!");

        // Forced colours drop backgrounds: the pressed button must still look pressed.
        ((org.openqa.selenium.chromium.ChromiumDriver) browser.driver()).executeCdpCommand("Emulation.setEmulatedMedia",
                java.util.Map.of("features", List.of(java.util.Map.of("name", "forced-colors", "value", "active"))));
        try {
            List<String> looks = browser.script("""
                    return ['ship', 'skip'].map(v => {
                      const s = getComputedStyle(document.querySelector(arguments[0] + ' .vote-button.' + v));
                      return s.backgroundColor + ' ' + s.borderTopWidth;
                    })""", tool("code-llama-4"));
            assertThat(looks.get(0)).isNotEqualTo(looks.get(1));
        } finally {
            ((org.openqa.selenium.chromium.ChromiumDriver) browser.driver()).executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features", List.of()));
        }

        // An error is tied to its field.
        WebElement email = browser.find("#newsletter-email");
        email.clear();
        email.sendKeys("not-an-address");
        browser.find(".newsletter-form button[type=submit]").click();
        browser.waitForText(".form-message", "Please enter an email address such as name@example.com.");
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(email.getAttribute("aria-describedby")).isEqualTo("newsletter-message");
    }

    @Test
    @Order(19)
    void theLocalStackCompressesAndRevalidatesTheSiteAsCloudFrontDoes() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(URI.create(stack.url() + "/assets/site.css")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> zipped = client.send(HttpRequest.newBuilder(URI.create(stack.url() + "/assets/site.css"))
                .header("Accept-Encoding", "gzip, deflate, br").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(zipped.body().length).isLessThan(plain.body().length);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        // Unhashed names and pages are revalidated; a matching validator costs a 304 and no body.
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        String modified = plain.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("no-cache");
        HttpResponse<byte[]> byTag = client.send(HttpRequest.newBuilder(URI.create(stack.url() + "/assets/site.css"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> byDate = client.send(HttpRequest.newBuilder(URI.create(stack.url() + "/assets/site.css"))
                .header("If-Modified-Since", modified).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byTag.headers().firstValue("ETag")).hasValue(etag);
        assertThat(byDate.statusCode()).isEqualTo(304);
        HttpResponse<String> page = get("/compare/" + SLUG);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        String pageTag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(client.send(HttpRequest.newBuilder(URI.create(stack.url() + "/compare/" + SLUG)).header("If-None-Match", pageTag)
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);

        // Chromium, too, receives the stylesheet and the page compressed. Both are fetched past the cache: a copy the
        // browser revalidated (a 304) reports the sizes of whatever its cache held, compressed or not.
        openComparison();
        browser.driver().manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(30));
        @SuppressWarnings("unchecked")
        List<Object> compressed = (List<Object>) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const urls = [new URL('/assets/site.css', location).href, location.href];
                Promise.all(urls.map((url) => fetch(url, { cache: 'no-store' }).then((r) => r.text())))
                  .then(() => new Promise((resolve) => setTimeout(resolve, 100)))
                  .then(() => done(urls.map((url) => {
                    const entries = performance.getEntriesByName(url).filter((e) => e.initiatorType === 'fetch');
                    const e = entries[entries.length - 1];
                    return e ? e.encodedBodySize > 0 && e.encodedBodySize < e.decodedBodySize : 'no timing entry';
                  })), (error) => done([String(error)]));""");
        assertThat(compressed).containsExactly(true, true);
    }

    @Test
    @Order(20)
    void theHomePageReadsWithoutJavaScriptAndHoldsStillWhenItsScriptTakesOver() {
        List<String> newestFirst = List.of("Google Scion vs Code Llama 4", "Aider vs Continue", "Perplexity vs Elicit",
                "Stable Diffusion 3.5 vs Midjourney v7");
        browser.open(stack.url() + "/");
        double shift = browser.cumulativeLayoutShift();
        System.out.printf(java.util.Locale.ROOT, "MEASURE home page layout shift (desktop): %.4f%n", shift);
        assertThat(shift).isLessThanOrEqualTo(0.05);
        assertThat(texts(".comparison-card h3")).containsExactlyElementsOf(newestFirst);
        // The script took over the written-in filters: a chip filters through the API (even while the script is still
        // asking for the first page's cursor: here, on a fresh stack, the function's first call is a cold one).
        chip("Research Assistants").click();
        browser.waitFor(d -> texts(".comparison-card h3").equals(List.of("Perplexity vs Elicit")));

        browser.runScripts(false);
        try {
            browser.open(stack.url() + "/");
            assertThat(browser.driver().findElements(By.cssSelector(".comparison-card h3")).stream().map(WebElement::getText))
                    .containsExactlyElementsOf(newestFirst);
            assertThat(browser.driver().findElements(By.cssSelector(".filters .chip")).stream().map(WebElement::getText))
                    .containsExactly("All", "Developer Tools", "Image Generation", "Research Assistants");
        } finally {
            browser.runScripts(true);
        }
    }

    @Test
    @Order(21)
    void axeFindsNothingSeriousOrCriticalOnTheHomeComparisonMethodologyNotFoundAndNewsletterPages() {
        // The newsletter's pages are where its mail links land: confirmed, unsubscribed, an expired link.
        List<String> pages = List.of("/", "/compare/" + SLUG, "/methodology", "/404", "/confirmed", "/unsubscribed", "/link-expired");
        List<String> found = new java.util.ArrayList<>();
        browser.emulatePhone(390, 844);
        try {
            for (String path : pages) {
                openForAxe(path);
                Axe.seriousOrCritical(browser).forEach(violation -> found.add(path + " at 390 px: " + violation));
            }
        } finally {
            browser.emulateDesktop();
        }
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        for (String path : pages) {
            openForAxe(path);
            Axe.seriousOrCritical(browser).forEach(violation -> found.add(path + " at 1280 px: " + violation));
        }
        assertThat(found).isEmpty();
    }

    /** Opens a page and waits until what its script draws is there, so axe sees the page a reader does. */
    private static void openForAxe(String path) {
        if (path.startsWith("/compare/")) {
            openComparison();
            return;
        }
        browser.open(stack.url() + path);
        if (path.equals("/")) {
            browser.find(".comparison-card .matchup a");
        } else {
            browser.find("main h1");
        }
    }

    /** Chromium's cumulative layout shift over the comparison's load, live figures included (its own entries, buffered). */
    private static double layoutShiftOfTheComparison(String device) {
        openComparison();
        double sum = browser.cumulativeLayoutShift();
        System.out.printf(java.util.Locale.ROOT, "MEASURE comparison page layout shift (%s, %d px wide): %.4f%n", device,
                browser.<Long>script("return window.innerWidth"), sum);
        return sum;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void openComparison() {
        browser.open(stack.url() + "/compare/" + SLUG);
        browser.find(tool("google-scion") + " .stat-community .stat-value");
        // The page arrives written in; the community's figures follow from the API.
        browser.find("#comparison[data-live]");
    }

    private static String tool(String id) {
        return ".tool-card[data-tool='" + id + "']";
    }

    private static WebElement chip(String label) {
        return browser.waitFor(d -> d.findElements(By.cssSelector(".filters .chip")).stream()
                .filter(c -> c.getText().equals(label)).findFirst().orElse(null));
    }

    /** Read in one script, so a list the page re-renders meanwhile cannot leave us holding stale elements. */
    private static List<String> texts(String css) {
        return browser.script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())", css);
    }

    private static List<String> pressed(String toolId) {
        return browser.driver().findElements(By.cssSelector(tool(toolId) + " .vote-button[aria-pressed='true']"))
                .stream().map(b -> b.getAttribute("data-verdict")).toList();
    }

    /** The community tally as the API serves it, which follows the votes table's stream a moment later. */
    private static void awaitApiCommunity(String toolId, int ship, int skip) {
        HttpClient client = HttpClient.newHttpClient();
        browser.waitFor(d -> {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(stack.url() + "/tools/" + toolId))
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode community = JSON.readTree(response.body()).path("community");
                return community.path("ship").asInt(-1) == ship && community.path("skip").asInt(-1) == skip ? true : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static Optional<String> outboxMessageTo(Path outbox, String address) {
        if (!Files.isDirectory(outbox)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                String text = Files.readString(file);
                if (text.contains(address)) {
                    return Optional.of(text);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Undoes quoted-printable's soft line breaks and escaped '=' so links read whole (RFC 2045 §6.7). */
    private static String unfoldQuotedPrintable(String mime) {
        return mime.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
    }

    /**
     * Fails the steps whose API is missing from template.yaml: the page calls it, so a route dropped from the template
     * is a broken site, not a reason to skip its test.
     */
    private static void requireRoute(String method, String path, String what) {
        boolean present = template.functions().stream().flatMap(f -> f.routes().stream())
                .anyMatch(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path));
        assertThat(present).as(what + ": template.yaml has no route " + method + " " + path).isTrue();
    }
}
