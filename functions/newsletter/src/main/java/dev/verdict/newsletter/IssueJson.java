package dev.verdict.newsletter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.json.Json;
import dev.verdict.newsletter.Issue.Entry;
import dev.verdict.newsletter.Issue.Kind;
import dev.verdict.newsletter.Issue.Section;
import dev.verdict.newsletter.Issue.ToolFigure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An issue's sections as JSON, the one shape both the stored item and the archive API use (written field by field, so
 * that the API's shape does not follow a record's by accident).
 */
final class IssueJson {

    private IssueJson() {
    }

    /** The sections as plain values in the order they are written ({@link Json#write} makes the text). */
    static List<Map<String, Object>> sections(List<Section> sections) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Section s : sections) {
            List<Map<String, Object>> entries = new ArrayList<>();
            for (Entry e : s.entries()) {
                List<Map<String, Object>> tools = new ArrayList<>();
                for (ToolFigure f : e.tools()) {
                    Map<String, Object> tool = new LinkedHashMap<>();
                    tool.put("id", f.toolId());
                    tool.put("name", f.name());
                    tool.put("votes", f.votes());
                    tool.put("shipPercent", f.shipPercent());
                    tool.put("previousShipPercent", f.previousShipPercent());
                    tool.put("votesThisWeek", f.votesThisWeek());
                    tools.add(tool);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("slug", e.slug());
                entry.put("title", e.title());
                entry.put("path", e.path());
                entry.put("note", e.note());
                entry.put("tools", tools);
                entries.add(entry);
            }
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("kind", s.kind().name());
            section.put("heading", s.heading());
            section.put("entries", entries);
            out.add(section);
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
        Map<String, List<Long>> out = new TreeMap<>();
        snapshot.forEach((tool, c) -> out.put(tool, List.of(c.ship(), c.skip())));
        return Json.write(out);
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
