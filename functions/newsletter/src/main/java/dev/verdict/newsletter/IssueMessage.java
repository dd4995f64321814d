package dev.verdict.newsletter;

import dev.verdict.mail.AlternativeMessage;
import dev.verdict.mail.AlternativeMessage.Header;
import dev.verdict.mail.MailSender;
import dev.verdict.newsletter.Issue.Entry;
import dev.verdict.newsletter.Issue.Section;
import dev.verdict.newsletter.Issue.ToolFigure;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One reader's copy of an issue: the issue's text and HTML with that reader's unsubscribe link (visible, and as
 * List-Unsubscribe with RFC 8058 one-click), a List-Id, and a link to the issue on the site. The HTML has no images and
 * no tracking: every link is the plain page it names.
 */
public final class IssueMessage {

    private IssueMessage() {
    }

    /**
     * @param siteUrl        the site, without a trailing slash
     * @param unsubscribeUrl this reader's one-click unsubscribe link
     * @param messageId      stable per (issue, reader), so a copy SES did take but we retried is recognisably the same
     */
    public static MailSender.Message render(Issue issue, String from, String to, String siteUrl, String unsubscribeUrl,
                                            String messageId, Instant now) {
        String domain = from.substring(from.indexOf('@') + 1);
        String onSite = siteUrl + archivePath(issue.id());
        return new AlternativeMessage(Issue.LIST_NAME, from, to, issue.subject(), now, messageId,
                List.of(new Header("List-Id", Issue.LIST_NAME + " <weekly." + domain + ">"),
                        new Header("List-Unsubscribe", "<" + unsubscribeUrl + ">"),
                        new Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                        new Header("List-Archive", "<" + siteUrl + "/newsletter/>")),
                text(issue, siteUrl, onSite, unsubscribeUrl), html(issue, siteUrl, onSite, unsubscribeUrl)).render();
    }

    /** The issue's page on the site (not under /newsletter/issues, which is the API's on the same origin). */
    public static String archivePath(String issueId) {
        return "/newsletter/archive/" + issueId;
    }

    static String text(Issue issue, String siteUrl, String onSite, String unsubscribeUrl) {
        StringBuilder t = new StringBuilder();
        t.append(issue.subject()).append("\n\n");
        t.append("Read it on the site: ").append(onSite).append("\n");
        for (Section section : issue.sections()) {
            t.append("\n").append(section.heading()).append("\n").append("-".repeat(section.heading().length())).append("\n");
            for (Entry e : section.entries()) {
                t.append("\n").append(e.title()).append("\n");
                if (!e.note().isEmpty()) {
                    t.append(e.note()).append("\n");
                }
                for (ToolFigure f : e.tools()) {
                    t.append("  ").append(f.name()).append(": ").append(figures(f)).append("\n");
                }
                t.append(siteUrl).append(e.path()).append("\n");
            }
        }
        t.append("\nYou receive this because you subscribed to ").append(Issue.LIST_NAME).append(".\n");
        t.append("Unsubscribe: ").append(unsubscribeUrl).append("\n");
        return t.toString();
    }

    static String html(Issue issue, String siteUrl, String onSite, String unsubscribeUrl) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(escape(issue.subject()))
                .append("</title></head>\n<body style=\"font-family: Arial, sans-serif; line-height: 1.5; color: #222\">\n");
        h.append("<h1 style=\"font-size: 20px\">").append(escape(issue.subject())).append("</h1>\n");
        h.append("<p><a href=\"").append(escape(onSite)).append("\">Read it on the site</a></p>\n");
        for (Section section : issue.sections()) {
            h.append("<h2 style=\"font-size: 17px\">").append(escape(section.heading())).append("</h2>\n");
            for (Entry e : section.entries()) {
                h.append("<h3 style=\"font-size: 15px\"><a href=\"").append(escape(siteUrl + e.path())).append("\">")
                        .append(escape(e.title())).append("</a></h3>\n");
                if (!e.note().isEmpty()) {
                    h.append("<p>").append(escape(e.note())).append("</p>\n");
                }
                h.append("<ul>\n").append(e.tools().stream()
                        .map(f -> "<li>" + escape(f.name()) + ": " + escape(figures(f)) + "</li>\n")
                        .collect(Collectors.joining())).append("</ul>\n");
            }
        }
        h.append("<p style=\"font-size: 12px; color: #555\">You receive this because you subscribed to ")
                .append(Issue.LIST_NAME).append(". <a href=\"").append(escape(unsubscribeUrl)).append("\">Unsubscribe</a></p>\n");
        h.append("</body></html>\n");
        return h.toString();
    }

    static String figures(ToolFigure f) {
        if (f.shipPercent() == null) {
            return "no community votes yet";
        }
        String s = f.shipPercent() + "% ship, " + f.votes() + (f.votes() == 1 ? " vote" : " votes");
        if (f.previousShipPercent() != null && !f.previousShipPercent().equals(f.shipPercent())) {
            s += " (was " + f.previousShipPercent() + "%)";
        }
        return s;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
