package dev.verdict.newsletter;

import dev.verdict.core.domain.Counts;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One week's newsletter as composed and stored: the same for every reader (what is personal, the unsubscribe link,
 * is added per message), and what the archive shows.
 *
 * @param snapshot every tool's community counts when the issue was composed: the next issue's baseline for "moved"
 *                 and "most voted"
 */
public record Issue(String id, String subject, Instant weekStart, Instant weekEnd, Instant composedAt,
                    List<Section> sections, Map<String, Counts> snapshot) {

    public static final String LIST_NAME = "Weekly AI Tool Verdicts";

    public Issue {
        sections = List.copyOf(sections);
        snapshot = Map.copyOf(snapshot);
    }

    public enum Kind { PUBLISHED, MOVED, MOST_VOTED }

    public record Section(Kind kind, String heading, List<Entry> entries) {
        public Section {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One comparison in a section.
     *
     * @param path  the comparison's page on the site ({@code /compare/{slug}})
     * @param note  why it is here, in a sentence ("Leader changed: …"), or empty
     */
    public record Entry(String slug, String title, String path, String note, List<ToolFigure> tools) {
        public Entry {
            tools = List.copyOf(tools);
        }
    }

    /**
     * A tool's community figures in an entry.
     *
     * @param shipPercent         share of community votes saying ship, rounded; null without votes
     * @param previousShipPercent the same at the previous issue; null without a baseline or votes then
     * @param votesThisWeek       votes since the previous issue; null without a baseline
     */
    public record ToolFigure(String toolId, String name, long votes, Integer shipPercent, Integer previousShipPercent,
                             Long votesThisWeek) {
    }

    public boolean isEmpty() {
        return sections.stream().allMatch(s -> s.entries().isEmpty());
    }
}
