package dev.verdict.content.pages;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A site page used as the frame of generated pages: its {@code <div id="NAME">} … {@code <!-- generated: end of NAME -->}
 * is replaced by the generated content, and its head gets the page's own title, description and tags. The masthead,
 * the footer and the script stay written once, in the site's own file.
 *
 * @param name the container's id, e.g. {@code tool} for {@code <div id="tool">}
 * @param html the site file, e.g. site/tool.html
 */
record PageTemplate(String name, String html) {

    private static final Pattern TITLE = Pattern.compile("<title>[^<]*</title>");
    private static final Pattern DESCRIPTION = Pattern.compile("<meta name=\"description\" content=\"[^\"]*\">");

    PageTemplate {
        if (html.indexOf(SitePages.HEAD_MARK) < 0 || html.indexOf(open(name)) < 0 || html.indexOf(end(name)) < html.indexOf(open(name))) {
            throw new IllegalStateException("the " + name + " page lacks its placeholders (" + SitePages.HEAD_MARK + ", "
                    + open(name) + " … " + end(name) + ")");
        }
    }

    /**
     * @param attributes the container's attributes after its id, already escaped (e.g. {@code data-tool="x"})
     * @param head tags for {@code <head>}, already escaped
     * @param body the container's content, already escaped
     */
    String fill(String attributes, String title, String description, String head, String body) {
        int start = html.indexOf(open(name));
        int end = html.indexOf(end(name));
        String page = html.substring(0, start) + "<div id=\"" + name + "\"" + (attributes.isEmpty() ? "" : " " + attributes)
                + ">\n" + body + "</div>" + html.substring(end + end(name).length());
        page = page.replace(SitePages.HEAD_MARK, head.strip());
        page = TITLE.matcher(page).replaceFirst(Matcher.quoteReplacement("<title>" + Html.escape(title) + "</title>"));
        return DESCRIPTION.matcher(page).replaceFirst(Matcher.quoteReplacement(
                "<meta name=\"description\" content=\"" + Html.escape(description) + "\">"));
    }

    private static String open(String name) {
        return "<div id=\"" + name + "\"";
    }

    private static String end(String name) {
        return "<!-- generated: end of " + name + " -->";
    }
}
