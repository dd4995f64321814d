package dev.verdict.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.localkit.ApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The leaderboard (/leaderboard) and the tool pages (/tool/{id}) in headless Chromium against the local stack, and the
 * interval the comparison page now gives each tool. Votes go to Perplexity only (the Research Assistants comparison),
 * so SiteInABrowserTest's figures, on the same shared stack, are untouched whichever class runs first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedSite.class)
class RankingsAndToolPagesInABrowserTest {

    private static final String SLUG = "perplexity-vs-elicit";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String ONE_VOTE = "With 1 vote, the true share who'd ship it is likely between 21% and 100%.";

    private static Browser browser;

    @BeforeAll
    static void useTheSharedStackAndBrowser() {
        browser = SharedSite.browser();
    }

    @AfterEach
    void theConsoleStayedCleanAndEveryExchangeFollowedTheOpenApiDocument() {
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(ApiContract.drainMismatches()).as("exchanges that disagree with openapi.yaml").isEmpty();
    }

    @Test
    @Order(1)
    void aVotedToolShowsItsIntervalInWordsAndTopsTheRankingWhileAToolWithNoVotesComesLastSayingSo() {
        browser.open(SharedSite.stack().url() + "/compare/" + SLUG);
        browser.find("#comparison[data-live]");
        String perplexity = ".tool-card[data-tool='perplexity']";
        // Nobody has voted: no interval yet, the note says so.
        assertThat(browser.find(perplexity + " .community-interval").getText()).isEmpty();
        assertThat(browser.find(perplexity + " .tool-name a").getAttribute("href")).endsWith("/tool/perplexity");

        browser.find(perplexity + " .vote-button.ship").click();
        // One vote: below the minimum the count shows, and the interval says how little it tells.
        browser.waitForText(perplexity + " .stat-community .stat-note", "1 ship, 0 skip · too few votes yet", Duration.ofMinutes(2));
        assertThat(browser.find(perplexity + " .community-interval").getText()).isEqualTo(ONE_VOTE);
        assertThat(browser.find(perplexity + " .bar-range").getAttribute("x")).isEqualTo("21");
        assertThat(browser.find(perplexity + " .bar-range").getAttribute("width")).isEqualTo("79");
        awaitToolOnTop("Research Assistants");

        browser.open(SharedSite.stack().url() + "/leaderboard?category=Research+Assistants");
        // The page arrives with the panel's rows written in: wait for the live ones.
        browser.find("#ranking-panel[data-live]");
        browser.waitFor(d -> rows().size() == 2 && rows().getFirst().startsWith("Rank 1") ? true : null);
        List<String> rows = rows();
        assertThat(rows.get(0)).contains("Perplexity", "100% ship", "1 vote", "likely 21% to 100%");
        assertThat(rows.get(1)).contains("Elicit", "0 votes", "no votes yet").doesNotContain("%");
        assertThat(browser.find("#categories [aria-selected=true]").getText()).isEqualTo("Research Assistants");
        assertThat(browser.find("#ranking-caption").getText()).isEqualTo("Research Assistants, by the community's votes");
        assertThat(browser.find(".rank-row[data-tool=elicit] a").getAttribute("href")).endsWith("/tool/elicit");
    }

    @Test
    @Order(2)
    void aToolPageShowsItsPricingPanelComparisonsAndLiveShareWithItsInterval() throws Exception {
        browser.open(SharedSite.stack().url() + "/tool/perplexity");
        browser.find("#tool[data-live]");
        assertThat(browser.find("h1").getText()).isEqualTo("Perplexity");
        assertThat(browser.driver().getTitle()).isEqualTo("Perplexity: the verdicts · The Verdict");
        assertThat(browser.find(".stat-community .stat-value").getText()).isEqualTo("1 vote");
        assertThat(browser.find(".stat-community .stat-note").getText()).isEqualTo("1 ship, 0 skip · too few votes yet");
        assertThat(browser.find(".community-interval").getText()).isEqualTo(ONE_VOTE);
        assertThat(browser.find(".stat-panel .stat-note").getText()).endsWith("reviewers");
        assertThat(browser.find(".stat-entry .stat-value").getText()).isNotBlank();
        browser.find(".related-list a[href='/compare/" + SLUG + "']").click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/compare/" + SLUG));

        browser.open(SharedSite.stack().url() + "/tool/elicit");
        browser.find("#tool[data-live]");
        assertThat(browser.find(".stat-community .stat-note").getText()).isEqualTo("No votes yet");
        assertThat(browser.find(".community-interval").getText()).isEmpty();

        // The site's paths and the API's stand side by side on one origin: /tool/{id} is a page, /tools/{id} JSON.
        HttpResponse<String> page = get("/tool/perplexity");
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        HttpResponse<String> api = get("/tools/perplexity");
        assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        HttpResponse<String> unknown = get("/tool/no-such-tool");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("We couldn't find that page");
        assertThat(get("/leaderboard").body()).contains("data-category=\"Image Generation\"");
        assertThat(get("/sitemap.xml").body()).contains("<loc>" + SharedSite.stack().url() + "/tool/perplexity</loc>", "<loc>" + SharedSite.stack().url() + "/leaderboard</loc>");
    }

    @Test
    @Order(3)
    void theTabsWorkFromTheKeyboardWithVisibleFocus() {
        browser.open(SharedSite.stack().url() + "/leaderboard");
        browser.find("#ranking-panel[data-live]");
        browser.waitFor(d -> rows().size() == 8 ? true : null);
        WebElement focused = null;
        for (int i = 0; i < 12 && (focused == null || !"tab".equals(focused.getAttribute("role"))); i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            focused = browser.driver().switchTo().activeElement();
        }
        assertThat(focused.getText()).isEqualTo("All tools");
        assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");

        // Arrow keys move along the row and select as they go; the list follows.
        focused.sendKeys(Keys.ARROW_RIGHT);
        WebElement developer = browser.driver().switchTo().activeElement();
        assertThat(developer.getText()).isEqualTo("Developer Tools");
        assertThat(developer.getAttribute("aria-selected")).isEqualTo("true");
        assertThat(developer.getAttribute("tabindex")).isEqualTo("0");
        assertThat(developer.getCssValue("outline-style")).isEqualTo("solid");
        browser.waitFor(d -> rows().size() == 4 ? true : null);
        assertThat(browser.driver().getCurrentUrl()).contains("category=Developer+Tools");
        developer.sendKeys(Keys.ARROW_LEFT);
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("All tools");
        browser.waitFor(d -> rows().size() == 8 ? true : null);
        browser.driver().switchTo().activeElement().sendKeys(Keys.END);
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("Research Assistants");
        browser.waitFor(d -> rows().size() == 2 ? true : null);

        // Tab leaves the category row for the order row, whose selected tab is the one in the Tab order.
        browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        WebElement order = browser.driver().switchTo().activeElement();
        assertThat(order.getText()).isEqualTo("Community");
        order.sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.find("#orders [aria-selected=true]").getText()).isEqualTo("Panel");
        browser.waitFor(d -> browser.find("#ranking-caption").getText().equals("Research Assistants, by the panel's reviews") ? true : null);
        browser.waitFor(d -> rows().size() == 2 && rows().stream().allMatch(row -> row.contains("reviews")) ? true : null);

        // Enter selects a tab that has focus (as a button does): Trending.
        WebElement trending = browser.find("#orders [data-by=trending]");
        browser.script("arguments[0].focus()", trending);
        trending.sendKeys(Keys.ENTER);
        browser.waitFor(d -> "true".equals(trending.getAttribute("aria-selected")) ? true : null);
        browser.waitFor(d -> rows().size() == 2 && rows().stream().allMatch(row -> row.contains("in 24 h")) ? true : null);
        assertThat(browser.driver().getCurrentUrl()).contains("by=trending");
    }

    @Test
    @Order(4)
    void theNewPagesFitAPhoneAndADesktopAndAxeFindsNothingSeriousOrCritical() throws IOException {
        List<String> pages = List.of("/leaderboard", "/tool/perplexity", "/compare/" + SLUG, "/");
        browser.emulatePhone(390, 844);
        try {
            for (String path : pages) {
                open(path);
                assertThat(browser.<Long>script("return document.documentElement.scrollWidth")).as(path).isLessThanOrEqualTo(390L);
                browser.screenshot(SCREENSHOTS.resolve(name(path) + "-phone.png"));
                assertThat(Axe.seriousOrCritical(browser)).as("axe on " + path + " at 390 px").isEmpty();
            }
        } finally {
            browser.emulateDesktop();
        }
        browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        for (String path : pages) {
            open(path);
            browser.screenshot(SCREENSHOTS.resolve(name(path) + "-desktop.png"));
            assertThat(Axe.seriousOrCritical(browser)).as("axe on " + path + " at 1280 px").isEmpty();
        }
        assertThat(SCREENSHOTS.resolve("leaderboard-desktop.png")).isNotEmptyFile();
    }

    @Test
    @Order(5)
    void theLeaderboardArrivesHoldingThePanelsRankingAndHoldsStillWhileTheLiveOneReplacesIt() throws Exception {
        // Without JavaScript (a crawler, a reader who turned it off): the HTML itself holds every tool, in the panel's order.
        String html = get("/leaderboard").body();
        String list = html.substring(html.indexOf("<ol class=\"ranking\">"), html.indexOf("</ol>", html.indexOf("<ol class=\"ranking\">")));
        assertThat(list.split("class=\"rank-row\"", -1)).hasSize(9);
        assertThat(list).contains("href=\"/tool/perplexity\"", "reviews</span>", "likely ");
        assertThat(html).contains("All tools, by the panel's reviews", "<template class=\"ranking-written\" data-category=\"Research Assistants\">");

        for (String path : List.of("/leaderboard", "/leaderboard?category=Research+Assistants")) {
            browser.emulatePhone(390, 844);
            try {
                assertThat(layoutShiftOfTheLeaderboard(path, "phone")).as(path + " at 390 px").isLessThanOrEqualTo(0.05);
            } finally {
                browser.emulateDesktop();
            }
            browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            assertThat(layoutShiftOfTheLeaderboard(path, "desktop")).as(path + " at 1280 px").isLessThanOrEqualTo(0.05);
        }
        // The live rows replaced the written ones: Perplexity's vote is in them, and the caption names the order shown.
        assertThat(rows()).hasSize(2);
        assertThat(rows().getFirst()).contains("Perplexity", "1 vote");
        assertThat(browser.find("#ranking-caption").getText()).isEqualTo("Research Assistants, by the community's votes");
    }

    private static double layoutShiftOfTheLeaderboard(String path, String device) {
        browser.open(SharedSite.stack().url() + path);
        browser.find("#ranking-panel[data-live]");
        double sum = browser.cumulativeLayoutShift();
        System.out.printf(java.util.Locale.ROOT, "MEASURE leaderboard layout shift (%s, %s, %d px wide): %.4f%n", path, device,
                browser.<Long>script("return window.innerWidth"), sum);
        return sum;
    }

    /** Opens a page and waits for what it reads live. */
    private static void open(String path) {
        browser.open(SharedSite.stack().url() + path);
        switch (path) {
            case "/leaderboard" -> {
                browser.find("#ranking-panel[data-live]");
                browser.waitFor(d -> rows().size() == 8 ? true : null);
            }
            case "/" -> browser.find(".comparison-card .matchup a");
            default -> browser.find("[data-live]");
        }
    }

    private static String name(String path) {
        return path.equals("/") ? "home" : path.substring(1).replace('/', '-');
    }

    /** The ranking's rows as read, in one script so a list the page re-renders cannot leave stale elements. */
    private static List<String> rows() {
        return browser.script("return [...document.querySelectorAll('.ranking .rank-row')].map(e => e.textContent.replace(/\\s+/g, ' ').trim())");
    }

    /** The ranking follows the votes table's stream a moment later: wait until the API puts Perplexity first. */
    private static void awaitToolOnTop(String category) {
        browser.waitFor(d -> {
            try {
                String body = get("/rankings?category=" + category.replace(" ", "+")).body();
                return body.indexOf("\"perplexity\"") >= 0 && body.indexOf("\"perplexity\"") < body.indexOf("\"elicit\"")
                        && body.contains("\"n\":1") ? true : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SharedSite.stack().url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
