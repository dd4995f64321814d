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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An issue's sections as JSON, the one shape both the stored item and the archive API use (records of their own, so
 * that the API's shape does not follow the domain's by accident).
 */
final class IssueJson {

    private IssueJson() {
    }

    /** A section as stored and served; its own record, so that a change to the domain's is not a change of format. */
    record SectionJson(String kind, String heading, List<EntryJson> entries) {
    }

    record EntryJson(String slug, String title, String path, String note, List<ToolJson> tools) {
    }

    record ToolJson(String id, String name, long votes, Integer shipPercent, Integer previousShipPercent,
                    Long votesThisWeek) {
    }

    /** The sections in the shape they are written in ({@link Json#write} makes the text). */
    static List<SectionJson> sections(List<Section> sections) {
        return sections.stream().map(s -> new SectionJson(s.kind().name(), s.heading(), s.entries().stream()
                .map(e -> new EntryJson(e.slug(), e.title(), e.path(), e.note(), e.tools().stream()
                        .map(f -> new ToolJson(f.toolId(), f.name(), f.votes(), f.shipPercent(), f.previousShipPercent(),
                                f.votesThisWeek()))
                        .toList()))
                .toList())).toList();
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
