package dev.verdict.newsletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.json.Json;
import dev.verdict.newsletter.Issue.Entry;
import dev.verdict.newsletter.Issue.Kind;
import dev.verdict.newsletter.Issue.Section;
import dev.verdict.newsletter.Issue.ToolFigure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An issue's sections as JSON, the one shape both the stored item and the archive API use (written field by field: the
 * shared mapper has no java.time support, and the API's shape should not follow a record's by accident).
 */
final class IssueJson {

    private IssueJson() {
    }

    static ArrayNode sections(List<Section> sections) {
        ArrayNode out = Json.mapper().createArrayNode();
        for (Section s : sections) {
            ObjectNode section = out.addObject().put("kind", s.kind().name()).put("heading", s.heading());
            ArrayNode entries = section.putArray("entries");
            for (Entry e : s.entries()) {
                ObjectNode entry = entries.addObject().put("slug", e.slug()).put("title", e.title()).put("path", e.path())
                        .put("note", e.note());
                ArrayNode tools = entry.putArray("tools");
                for (ToolFigure f : e.tools()) {
                    ObjectNode tool = tools.addObject().put("id", f.toolId()).put("name", f.name()).put("votes", f.votes());
                    tool.put("shipPercent", f.shipPercent());
                    tool.put("previousShipPercent", f.previousShipPercent());
                    tool.put("votesThisWeek", f.votesThisWeek());
                }
            }
        }
        return out;
    }

    static List<Section> sections(JsonNode node) {
        List<Section> sections = new ArrayList<>();
        for (JsonNode s : node) {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : s.get("entries")) {
                List<ToolFigure> tools = new ArrayList<>();
                for (JsonNode t : e.get("tools")) {
                    tools.add(new ToolFigure(t.get("id").asText(), t.get("name").asText(), t.get("votes").asLong(),
                            integer(t.get("shipPercent")), integer(t.get("previousShipPercent")),
                            t.get("votesThisWeek").isNull() ? null : t.get("votesThisWeek").asLong()));
                }
                entries.add(new Entry(e.get("slug").asText(), e.get("title").asText(), e.get("path").asText(),
                        e.get("note").asText(), tools));
            }
            sections.add(new Section(Kind.valueOf(s.get("kind").asText()), s.get("heading").asText(), entries));
        }
        return sections;
    }

    static String snapshot(Map<String, Counts> snapshot) {
        ObjectNode out = Json.mapper().createObjectNode();
        new TreeMap<>(snapshot).forEach((tool, c) -> out.putArray(tool).add(c.ship()).add(c.skip()));
        return out.toString();
    }

    static Map<String, Counts> snapshot(String json) {
        Map<String, Counts> out = new TreeMap<>();
        Json.readBody(json).properties().forEach(p -> out.put(p.getKey(), new Counts(p.getValue().get(0).asLong(), p.getValue().get(1).asLong())));
        return out;
    }

    static Issue read(String id, String subject, Instant weekStart, Instant weekEnd, Instant composedAt, String sections,
                      String snapshot) {
        return new Issue(id, subject, weekStart, weekEnd, composedAt, sections(Json.readBody(sections)), snapshot(snapshot));
    }

    private static Integer integer(JsonNode node) {
        return node == null || node.isNull() ? null : node.asInt();
    }
}
