package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Counts;
import dev.verdict.mail.MailSender;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A reader's copy, parsed back with Jakarta Mail (an independent MIME implementation). */
class IssueMessageTest {

    static final String UNSUBSCRIBE = "https://verdicts.example/subscriptions/unsubscribe?token=" + "u".repeat(43);

    static Issue issue() {
        var fresh = IssueComposerTest.comparison("fresh", "2026-11-25T10:00:00Z", "c", "d");
        var titled = new dev.verdict.core.domain.ComparisonSummary(fresh.slug(), "Scion vs Llama — <ship> & \"skip\"",
                fresh.category(), fresh.tools(), fresh.publishedAt());
        return IssueComposer.compose(IssueComposerTest.W48, List.of(titled), Map.of("c", new Counts(3, 1)),
                Optional.empty(), IssueComposerTest.NOW);
    }

    static MimeMessage parse(MailSender.Message message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.mime()));
    }

    @Test
    void isAListMessageWithTheReadersOwnOneClickUnsubscribe() throws Exception {
        MailSender.Message message = IssueMessage.render(issue(), "verdicts@verdicts.example", "reader@example.com",
                "https://verdicts.example", UNSUBSCRIBE, "2026-W48.abc@verdicts.example", IssueComposerTest.NOW);

        MimeMessage mime = parse(message);
        assertThat(mime.getSubject()).startsWith("Weekly AI Tool Verdicts");
        assertThat(mime.getHeader("To")).containsExactly("<reader@example.com>");
        assertThat(mime.getHeader("List-Unsubscribe")).containsExactly("<" + UNSUBSCRIBE + ">");
        assertThat(mime.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
        assertThat(mime.getHeader("List-Id")).containsExactly("Weekly AI Tool Verdicts <weekly.verdicts.example>");
        assertThat(mime.getMessageID()).isEqualTo("<2026-W48.abc@verdicts.example>");
        assertThat(mime.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) mime.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");

        assertThat(text).contains("Scion vs Llama — <ship> & \"skip\"", "C: 75% ship, 4 votes",
                "https://verdicts.example/compare/fresh", "Unsubscribe: " + UNSUBSCRIBE,
                "Read it on the site: https://verdicts.example/newsletter/archive/2026-W48");
        assertThat(html).contains("Scion vs Llama — &lt;ship&gt; &amp; &quot;skip&quot;",
                "<a href=\"https://verdicts.example/compare/fresh\">", "<a href=\"" + UNSUBSCRIBE + "\">Unsubscribe</a>",
                ">Read it on the site</a>");
    }

    @Test
    void hasNoImagesAndNoTrackedLinks() throws Exception {
        MimeMessage mime = parse(IssueMessage.render(issue(), "verdicts@verdicts.example", "reader@example.com",
                "https://verdicts.example", UNSUBSCRIBE, "x@verdicts.example", IssueComposerTest.NOW));
        String html = (String) ((Multipart) mime.getContent()).getBodyPart(1).getContent();

        assertThat(html).doesNotContainIgnoringCase("<img").doesNotContainIgnoringCase("url(")
                .doesNotContain("utm_").doesNotContain("?r=");
        // Every link is a page of the site, as it is, or the reader's unsubscribe link.
        var links = java.util.regex.Pattern.compile("href=\"([^\"]+)\"").matcher(html).results().map(m -> m.group(1)).toList();
        assertThat(links).isNotEmpty().allSatisfy(link -> assertThat(link).satisfiesAnyOf(
                l -> assertThat(l).matches("https://verdicts\\.example/(compare/[a-z-]+|newsletter/archive/2026-W48)"),
                l -> assertThat(l).isEqualTo(UNSUBSCRIBE)));
    }

    @Test
    void aToolsFiguresSayItsShareItsVotesAndWhereItWasOnlyWhenThatDiffers() {
        assertThat(IssueMessage.figures(new Issue.ToolFigure("a", "A", 0, null, null, null)))
                .isEqualTo("no community votes yet");
        assertThat(IssueMessage.figures(new Issue.ToolFigure("a", "A", 1, 100, null, 1L))).isEqualTo("100% ship, 1 vote");
        assertThat(IssueMessage.figures(new Issue.ToolFigure("a", "A", 4, 75, 75, 2L))).isEqualTo("75% ship, 4 votes");
        assertThat(IssueMessage.figures(new Issue.ToolFigure("a", "A", 4, 75, 50, 2L)))
                .isEqualTo("75% ship, 4 votes (was 50%)");
    }

    @Test
    void anEntrysNoteAndEachToolAreInBothPartsAndAnEntryWithoutANoteHasNoEmptyParagraph() {
        var withNote = new Issue.Entry("a-vs-b", "A vs B", "/compare/a-vs-b", "B now leads", List.of(
                new Issue.ToolFigure("a", "Tool A", 10, 40, 60, 3L), new Issue.ToolFigure("b", "Tool B", 10, 60, 40, 3L)));
        var withoutNote = new Issue.Entry("c-vs-d", "C vs D", "/compare/c-vs-d", "", List.of(
                new Issue.ToolFigure("c", "Tool C", 0, null, null, null)));
        Issue base = issue();
        Issue issue = new Issue(base.id(), base.subject(), base.weekStart(), base.weekEnd(), base.composedAt(),
                List.of(new Issue.Section(Issue.Kind.MOVED, "Moved this week", List.of(withNote, withoutNote))), Map.of());

        String text = IssueMessage.text(issue, "https://verdicts.example", "https://verdicts.example/on-site", UNSUBSCRIBE);
        String html = IssueMessage.html(issue, "https://verdicts.example", "https://verdicts.example/on-site", UNSUBSCRIBE);

        assertThat(text).contains("A vs B\nB now leads\n  Tool A: 40% ship, 10 votes (was 60%)\n",
                "C vs D\n  Tool C: no community votes yet\nhttps://verdicts.example/compare/c-vs-d\n");
        assertThat(html).contains("<p>B now leads</p>", "<li>Tool A: 40% ship, 10 votes (was 60%)</li>",
                "<li>Tool B: 60% ship, 10 votes (was 40%)</li>", "<li>Tool C: no community votes yet</li>")
                .doesNotContain("<p></p>");
    }
}
