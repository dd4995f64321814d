package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.core.domain.Counts;
import dev.verdict.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An issue's sections as stored and served, read back to what was composed, missing figures included. */
class IssueJsonTest {

    @Test
    void sectionsReadBackAsTheyWereWrittenWithAndWithoutFigures() {
        var sections = List.of(new Issue.Section(Issue.Kind.MOVED, "Where the community verdict moved", List.of(
                new Issue.Entry("a-vs-b", "A vs B", "/compare/a-vs-b", "B now leads", List.of(
                        new Issue.ToolFigure("a", "Tool A", 10, 40, 60, 3L),
                        new Issue.ToolFigure("b", "Tool B", 0, null, null, null),
                        new Issue.ToolFigure("c", "Tool C", 7, 0, 0, 0L))))));

        assertThat(IssueJson.sections(Json.readBody(Json.write(IssueJson.sections(sections))))).isEqualTo(sections);
    }

    @Test
    void theStoredTextKeepsItsShapeAndOrderWithMissingFiguresAsNull() {
        var sections = List.of(new Issue.Section(Issue.Kind.PUBLISHED, "New \"this\" week", List.of(
                new Issue.Entry("a-vs-b", "A vs B", "/compare/a-vs-b", "", List.of(
                        new Issue.ToolFigure("a", "Tool A", 10, 40, null, 3L))))));

        assertThat(Json.write(IssueJson.sections(sections))).isEqualTo("[{\"kind\":\"PUBLISHED\",\"heading\":"
                + "\"New \\\"this\\\" week\",\"entries\":[{\"slug\":\"a-vs-b\",\"title\":\"A vs B\",\"path\":"
                + "\"/compare/a-vs-b\",\"note\":\"\",\"tools\":[{\"id\":\"a\",\"name\":\"Tool A\",\"votes\":10,"
                + "\"shipPercent\":40,\"previousShipPercent\":null,\"votesThisWeek\":3}]}]}]");
        assertThat(IssueJson.snapshot(Map.of("b", new Counts(3, 4), "a", new Counts(1, 2))))
                .isEqualTo("{\"a\":[1,2],\"b\":[3,4]}");
    }
}
