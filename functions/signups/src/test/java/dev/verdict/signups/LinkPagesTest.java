package dev.verdict.signups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The confirm and unsubscribe pages are served under the site's Content-Security-Policy ({@code style-src 'self'}),
 * which refuses inline styles: they take their look from the site's stylesheet on the same origin.
 */
class LinkPagesTest {

    static final String TOKEN = "A".repeat(43);

    @Test
    void theLinkPagesCarryNoInlineStyleAndUseTheSitesStylesheet() {
        for (String page : List.of(LinkPages.confirmPage(TOKEN), LinkPages.unsubscribePage(TOKEN))) {
            assertThat(page).doesNotContain("style=").doesNotContainIgnoringCase("<style")
                    .contains("<link rel=\"stylesheet\" href=\"/assets/site.css\">")
                    .contains("<body class=\"link-page\">")
                    .contains("action=\"?token=" + TOKEN + "\"");
        }
    }
}
