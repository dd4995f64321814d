package dev.verdict.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Counts;
import dev.verdict.local.LocalService;
import dev.verdict.localkit.ApiContract;
import dev.verdict.newsletter.Issue;
import dev.verdict.newsletter.IssuesTable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The newsletter's archive as a reader meets it, in headless Chromium against the shared local stack: the list of past
 * issues, one issue, an empty archive, an issue that does not exist, the keyboard, a phone and a desktop, and axe.
 * Each test puts the newsletter table's issues in the state it needs, written as the compose function writes them.
 */
@ExtendWith(SharedSite.class)
class ArchiveInABrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String NEWER = "2026-W47";
    private static final String OLDER = "2026-W46";

    private static LocalService stack;
    private static Browser browser;
    private static DynamoDbClient dynamo;
    private static String table;

    @BeforeAll
    static void useTheSharedStackAndBrowser() {
        stack = SharedSite.stack();
        browser = SharedSite.browser();
        dynamo = DynamoDbClient.builder().endpointOverride(stack.dynamoEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        table = dynamo.listTables().tableNames().stream().filter(name -> name.contains("NewsletterTable")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the local stack has no NewsletterTable"));
    }

    @AfterAll
    static void closeClient() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @BeforeEach
    void twoIssuesWentOut() {
        IssuesTable issues = new IssuesTable(dynamo, table);
        issues.storeOnce(issue(OLDER, Instant.parse("2026-11-09T00:00:00Z"), List.of()));
        issues.storeOnce(issue(NEWER, Instant.parse("2026-11-16T00:00:00Z"), List.of(
                new Issue.Section(Issue.Kind.PUBLISHED, "New this week", List.of(new Issue.Entry(
                        "google-scion-vs-code-llama-4", "Google Scion vs Code Llama 4", "/compare/google-scion-vs-code-llama-4",
                        "", List.of(new Issue.ToolFigure("google-scion", "Google Scion", 12, 58, null, null),
                                new Issue.ToolFigure("code-llama-4", "Code Llama 4", 0, null, null, null))))),
                new Issue.Section(Issue.Kind.MOVED, "The community changed its mind", List.of(new Issue.Entry(
                        "aider-vs-continue", "Aider vs Continue", "/compare/aider-vs-continue",
                        "Leader changed: Continue now leads.",
                        List.of(new Issue.ToolFigure("continue", "Continue", 30, 60, 40, 11L))))))));
    }

    @AfterEach
    void theConsoleStayedCleanAndTheExchangesFollowedTheContract() {
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(ApiContract.drainMismatches()).as("exchanges that disagree with openapi.yaml").isEmpty();
    }

    @Test
    void theNewsletterFormLeadsToThePastIssuesNewestFirstAndOneOpensAsItWasSent() throws IOException {
        browser.open(stack.url() + "/");
        browser.find("#newsletter a[href='/newsletter/archive/']").click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/newsletter/archive/"));
        browser.waitFor(d -> texts(".issue-card h2").size() == 2 ? true : null);
        assertThat(texts(".issue-card h2")).containsExactly("Weekly AI Tool Verdicts: " + NEWER, "Weekly AI Tool Verdicts: " + OLDER);
        assertThat(texts(".issue-card .issue-meta").getFirst()).isEqualTo("Week 47, 2026 · sent 23 November 2026");
        assertThat(browser.find(".listing-status").getText()).isEmpty();
        assertThat(browser.find("button.more").isDisplayed()).isFalse();

        browser.find(".issue-card a[href='/newsletter/archive/" + NEWER + "']").click();
        browser.waitForText("#issue h1", "Weekly AI Tool Verdicts: " + NEWER);
        assertThat(browser.driver().getTitle()).isEqualTo("Weekly AI Tool Verdicts: " + NEWER + " · The Verdict");
        assertThat(browser.find("#issue .issue-meta").getText()).isEqualTo("Week 47, 2026 · 16 November 2026 to 22 November 2026");
        assertThat(texts(".issue-section h2")).containsExactly("New this week", "The community changed its mind");
        assertThat(browser.find(".issue-entry a[href='/compare/aider-vs-continue']").getText()).isEqualTo("Aider vs Continue");
        assertThat(texts(".issue-figures li")).containsExactly("Google Scion: 58% ship (12 votes)",
                "Code Llama 4: no community share yet (0 votes)", "Continue: 60% ship, from 40% (30 votes; 11 this week)");
        assertThat(texts(".issue-entry p")).containsExactly("Leader changed: Continue now leads.");

        // The issue's page is also where "read it on the site" in the mail lands: its own address, loaded afresh.
        browser.open(stack.url() + "/newsletter/archive/" + NEWER);
        browser.waitForText("#issue h1", "Weekly AI Tool Verdicts: " + NEWER);
    }

    @Test
    void anEmptyArchiveSaysSo() {
        dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
                .filter(item -> item.get("pk").s().equals("ISSUE"))
                .forEach(item -> dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))));

        browser.open(stack.url() + "/newsletter/archive/");
        browser.waitForText(".listing-status",
                "No issues yet. The first one goes out on the Monday after a week with news: subscribe below to get it.");
        assertThat(browser.driver().findElements(By.cssSelector(".issue-card"))).isEmpty();
        assertThat(browser.find("#newsletter-email").isDisplayed()).isTrue();
    }

    @Test
    void anIssueThatDoesNotExistShowsTheNotFoundMessage() throws Exception {
        browser.open(stack.url() + "/newsletter/archive/2020-W01");
        browser.waitForText("#issue h1", "We couldn't find that issue");
        assertThat(browser.driver().getTitle()).isEqualTo("Issue not found · The Verdict");
        assertThat(browser.find("#issue a[href='/newsletter/archive/']").getText()).isEqualTo("See all past issues");
        assertThat(browser.<Boolean>script("return !!document.querySelector('meta[name=robots][content=noindex]')")).isTrue();
        // The API's 404 for the issue is the one error the console shows.
        assertThat(browser.consoleErrors()).singleElement().asString().contains("/newsletter/issues/2020-W01", "404");

        // An address that is not an issue id at all is a missing page, as any other: 404 and the not-found page.
        HttpResponse<String> missing = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.url() + "/newsletter/archive/latest")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        browser.open(stack.url() + "/newsletter/archive/latest");
        browser.waitForText("h1", "We couldn't find that issue");
        assertThat(browser.consoleErrors()).singleElement().asString().contains("/newsletter/archive/latest", "404");
    }

    @Test
    void theKeyboardReachesEveryIssueAndOpensOne() {
        browser.open(stack.url() + "/newsletter/archive/");
        browser.waitFor(d -> texts(".issue-card h2").size() == 2 ? true : null);
        browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(active().getText()).isEqualTo("Skip to content");
        active().sendKeys(Keys.ENTER);
        List<String> reached = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            active().sendKeys(Keys.TAB);
            reached.add(active().getText());
            if (active().getText().equals("Weekly AI Tool Verdicts: " + OLDER)) {
                break;
            }
        }
        assertThat(reached).containsExactly("Weekly AI Tool Verdicts: " + NEWER, "Weekly AI Tool Verdicts: " + OLDER);
        assertThat(active().getCssValue("outline-style")).isEqualTo("solid");
        active().sendKeys(Keys.ENTER);
        browser.waitForText("#issue h1", "Weekly AI Tool Verdicts: " + OLDER);
    }

    @Test
    void theArchiveFitsAPhoneAndADesktop() throws IOException {
        browser.emulatePhone(390, 844);
        try {
            browser.open(stack.url() + "/newsletter/archive/");
            browser.find(".issue-card");
            assertThat(browser.<Long>script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390L);
            browser.screenshot(SCREENSHOTS.resolve("archive-phone.png"));
            openIssue(NEWER);
            assertThat(browser.<Long>script("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(390L);
            browser.screenshot(SCREENSHOTS.resolve("archive-issue-phone.png"));
        } finally {
            browser.emulateDesktop();
        }
        browser.open(stack.url() + "/newsletter/archive/");
        browser.find(".issue-card");
        browser.screenshot(SCREENSHOTS.resolve("archive-desktop.png"));
        openIssue(NEWER);
        browser.screenshot(SCREENSHOTS.resolve("archive-issue-desktop.png"));
        assertThat(SCREENSHOTS.resolve("archive-issue-desktop.png")).isNotEmptyFile();
    }

    @Test
    void axeFindsNothingSeriousOnTheListAnIssueOrTheNotFoundMessage() throws IOException {
        browser.open(stack.url() + "/newsletter/archive/");
        browser.find(".issue-card");
        assertThat(Axe.seriousOrCritical(browser)).as("the list").isEmpty();
        openIssue(NEWER);
        assertThat(Axe.seriousOrCritical(browser)).as("an issue").isEmpty();
        browser.open(stack.url() + "/newsletter/archive/2020-W02");
        browser.waitForText("#issue h1", "We couldn't find that issue");
        assertThat(Axe.seriousOrCritical(browser)).as("an unknown issue").isEmpty();
        browser.consoleErrors(); // the unknown issue's 404, checked in anIssueThatDoesNotExistShowsTheNotFoundMessage
    }

    private static void openIssue(String id) {
        browser.open(stack.url() + "/newsletter/archive/" + id);
        browser.find(".issue-section");
    }

    private static WebElement active() {
        return browser.driver().switchTo().activeElement();
    }

    private static List<String> texts(String css) {
        return browser.script("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())", css);
    }

    /** An issue as the compose function stores it; the archive shows what it was sent with, never the snapshot. */
    private static Issue issue(String id, Instant weekStart, List<Issue.Section> sections) {
        Instant weekEnd = weekStart.plus(java.time.Duration.ofDays(7));
        return new Issue(id, Issue.LIST_NAME + ": " + id, weekStart, weekEnd, weekEnd.plus(java.time.Duration.ofHours(8)),
                sections, Map.of("google-scion", new Counts(7, 5)));
    }
}
