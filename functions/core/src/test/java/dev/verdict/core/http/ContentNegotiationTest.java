package dev.verdict.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.localkit.HttpEvents;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who gets a page and who gets JSON when they open a link: the Accept header, weighed as RFC 9110 says. */
class ContentNegotiationTest {

    @ParameterizedTest(name = "{0} -> page: {1}")
    @CsvSource(delimiter = '|', value = {
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | true",
            "text/html                                     | true",
            "text/html;q=0.5, application/json             | false",
            "text/html, application/json;q=0.9             | true",
            "text/*;q=0.8, application/json;q=0.5          | true",
            "text/*;q=0.4, application/json;q=0.5          | false",
            "text/html, application/problem+json           | false",
            "*/*                                           | false",
            "*/*;q=0.9, application/json;q=0.5, application/problem+json;q=0.5 | true",
            "image/png                                     | false",
            "text/html;q=0                                 | false",
            "text/html;q=not-a-number                      | false",
            "text/html;q=2, application/json;q=1           | false",
            "text/html, text/html;q=0                      | true",
            "''                                            | false",
    })
    void prefersAPageOnlyWhenHtmlWeighsMoreThanJson(String accept, boolean page) {
        var request = HttpEvents.request("GET", "/subscriptions/unsubscribe");
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }

        assertThat(ContentNegotiation.prefersHtml(ApiRequest.from(request.build()))).isEqualTo(page);
    }
}
