package dev.verdict.newsletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

        assertThat(IssueJson.sections(IssueJson.sections(sections))).isEqualTo(sections);
    }
}
