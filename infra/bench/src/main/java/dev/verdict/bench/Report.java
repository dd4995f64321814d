package dev.verdict.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * The results of one run: each key either a number or the string "not measured: why", in the order measured, with the
 * targets the issue sets. Printed as a table and written as bench.json (flat keys, as the issue names them, plus
 * "targets", "notes" and "machine").
 */
final class Report {

    static final String NOT_MEASURED = "not measured: ";

    /** The keys bench.json must carry, each with a value or a reason (per-handler keys come on top of these). */
    static final List<String> REQUIRED_KEYS = List.of(
            "coldStartMs.baseline", "coldStartRatio", "warmOverheadRatio",
            "readRequestsPerComparison", "readRcuPerComparison",
            "votesPerSecondRatio", "voteRequestsPerVote", "aggregateWritesPerVote", "recomputeSecondsPer100kVotes",
            "recomputeDrift", "fakeVoters1000CpuSeconds.onePrefix");

    private record Target(String text, DoublePredicate met) {
    }

    private static final Map<String, Target> TARGETS = Map.of(
            "coldStartRatio", new Target("<= 1.3", v -> v <= 1.3),
            "warmOverheadRatio", new Target("<= 1.1", v -> v <= 1.1),
            "readRequestsPerComparison", new Target("<= 2", v -> v <= 2),
            "readRequestsPerRanking", new Target("<= 1", v -> v <= 1),
            "aggregateWritesPerVote", new Target("<= 0.03", v -> v <= 0.03),
            "votesPerSecondRatio", new Target(">= 0.8", v -> v >= 0.8),
            "voteRequestsPerVote", new Target("= 1", v -> v == 1),
            "recomputeDrift", new Target("= 0", v -> v == 0));

    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();
    private final Map<String, Object> machine = new LinkedHashMap<>();

    void put(String key, double value) {
        results.put(key, value);
    }

    void notMeasured(String key, String why) {
        results.put(key, NOT_MEASURED + why);
    }

    void note(String key, String text) {
        notes.put(key, text);
    }

    void machine(String key, Object value) {
        machine.put(key, value);
    }

    Object get(String key) {
        return results.get(key);
    }

    Map<String, Object> results() {
        return results;
    }

    /** Required keys nobody filled get an explicit reason rather than silently missing. */
    void fillMissing(String why) {
        for (String key : REQUIRED_KEYS) {
            results.putIfAbsent(key, NOT_MEASURED + why);
        }
    }

    void print(PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "value", "target", ""});
        results.forEach((key, value) -> {
            Target target = TARGETS.get(key);
            String verdict = "";
            if (target != null && value instanceof Double d) {
                verdict = target.met().test(d) ? "met" : "MISSED";
            }
            rows.add(new String[] {key, format(value), target == null ? "" : target.text(), verdict});
        });
        int[] widths = {1, 1, 1, 1}; // a %-0s format is refused: a run with no targets reported has an empty column
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            out.printf("| %-" + widths[0] + "s | %" + widths[1] + "s | %-" + widths[2] + "s | %-" + widths[3] + "s |%n",
                    (Object[]) row);
            if (r == 0) {
                out.printf("| %s | %s: | %s | %s |%n", "-".repeat(widths[0]), "-".repeat(widths[1] - 1),
                        "-".repeat(widths[2]), "-".repeat(widths[3]));
            }
        }
        notes.forEach((key, text) -> out.println("  " + key + ": " + text));
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e12) {
                return Long.toString(d.longValue());
            }
            return Math.abs(d) >= 100 ? String.format("%.1f", d) : String.format("%.3f", d);
        }
        return String.valueOf(value);
    }

    void write(Path file) {
        Map<String, Object> json = new LinkedHashMap<>(results);
        Map<String, String> targets = new LinkedHashMap<>();
        TARGETS.forEach((key, target) -> targets.put(key, target.text()));
        json.put("targets", targets);
        json.put("notes", notes);
        json.put("machine", machine);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
