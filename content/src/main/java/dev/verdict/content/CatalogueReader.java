package dev.verdict.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.Pricing;
import dev.verdict.core.domain.Require;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Reviewer;
import dev.verdict.core.domain.Tool;
import dev.verdict.core.domain.Verdict;
import dev.verdict.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates the catalogue files ({@code tools.json}, {@code reviewers.json}, {@code comparisons.json}).
 * Every problem is collected with its file and field, so one run lists all that is wrong, and nothing is written
 * unless the whole catalogue is valid.
 */
public final class CatalogueReader {

    static final String TOOLS = "tools.json";
    static final String REVIEWERS = "reviewers.json";
    static final String COMPARISONS = "comparisons.json";

    private final Function<String, Optional<String>> files;
    private final List<String> problems = new ArrayList<>();

    private CatalogueReader(Function<String, Optional<String>> files) {
        this.files = files;
    }

    /** The catalogue shipped with this jar. */
    public static Catalogue fromClasspath() {
        return new CatalogueReader(name -> {
            try (InputStream in = CatalogueReader.class.getResourceAsStream("/catalogue/" + name)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).read();
    }

    /** A catalogue in a directory, for another stage's content or a test's. */
    public static Catalogue fromDirectory(Path dir) {
        return new CatalogueReader(name -> {
            Path file = dir.resolve(name);
            try {
                return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).read();
    }

    private Catalogue read() {
        JsonNode toolNodes = array(TOOLS);
        JsonNode reviewerNodes = array(REVIEWERS);
        JsonNode comparisonNodes = array(COMPARISONS);

        Map<String, Integer> toolsById = new LinkedHashMap<>();
        for (int i = 0; i < toolNodes.size(); i++) {
            String id = text(TOOLS, "[" + i + "]", toolNodes.get(i), "id");
            if (id != null && toolsById.putIfAbsent(id, i) != null) {
                problems.add(TOOLS + ": [" + i + "].id: duplicate id '" + id + "'");
            }
        }
        Map<String, Reviewer> reviewers = new LinkedHashMap<>();
        for (int i = 0; i < reviewerNodes.size(); i++) {
            Reviewer reviewer = reviewer(i, reviewerNodes.get(i));
            if (reviewer != null && reviewers.putIfAbsent(reviewer.id(), reviewer) != null) {
                problems.add(REVIEWERS + ": [" + i + "].id: duplicate id '" + reviewer.id() + "'");
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        for (int i = 0; i < comparisonNodes.size(); i++) {
            Comparison comparison = comparison(i, comparisonNodes.get(i), toolsById.keySet(), reviewers);
            if (comparison != null && !slugs.add(comparison.slug())) {
                problems.add(COMPARISONS + ": [" + i + "].slug: duplicate slug '" + comparison.slug() + "'");
            }
            if (comparison != null) {
                comparisons.add(comparison);
            }
        }
        List<Tool> tools = new ArrayList<>();
        for (int index : toolsById.values()) {
            Tool tool = tool(index, toolNodes.get(index), comparisons);
            if (tool != null) {
                tools.add(tool);
            }
        }
        if (!problems.isEmpty()) {
            throw new CatalogueException(problems);
        }
        return new Catalogue(tools, comparisons);
    }

    private Tool tool(int i, JsonNode node, List<Comparison> comparisons) {
        String at = "[" + i + "]";
        int before = problems.size();
        String id = text(TOOLS, at, node, "id");
        String name = text(TOOLS, at, node, "name");
        String vendor = text(TOOLS, at, node, "vendor");
        String category = text(TOOLS, at, node, "category");
        String tagline = text(TOOLS, at, node, "tagline");
        String description = text(TOOLS, at, node, "description");
        JsonNode pricingNode = node.get("pricing");
        String entry = null;
        String model = null;
        if (pricingNode == null || !pricingNode.isObject()) {
            problems.add(TOOLS + ": " + at + ".pricing: required (an object with entry, model, notes)");
        } else {
            entry = text(TOOLS, at + ".pricing", pricingNode, "entry");
            model = text(TOOLS, at + ".pricing", pricingNode, "model");
        }
        if (problems.size() > before) {
            return null;
        }
        Pricing pricing = new Pricing(entry, model, optionalText(pricingNode, "notes"));
        List<String> appearsIn = comparisons.stream().filter(c -> c.toolIds().contains(id)).map(Comparison::slug).toList();
        return build(TOOLS, at, () -> new Tool(id, name, vendor, category, tagline, description, pricing, appearsIn));
    }

    private Reviewer reviewer(int i, JsonNode node) {
        String at = "[" + i + "]";
        int before = problems.size();
        String id = text(REVIEWERS, at, node, "id");
        String name = text(REVIEWERS, at, node, "name");
        String role = text(REVIEWERS, at, node, "role");
        return problems.size() > before ? null : build(REVIEWERS, at, () -> new Reviewer(id, name, role));
    }

    private Comparison comparison(int i, JsonNode node, Set<String> toolIds, Map<String, Reviewer> reviewers) {
        String at = "[" + i + "]";
        int before = problems.size();
        String slug = text(COMPARISONS, at, node, "slug");
        String title = text(COMPARISONS, at, node, "title");
        String question = text(COMPARISONS, at, node, "question");
        String category = text(COMPARISONS, at, node, "category");
        Instant publishedAt = instant(at, node);
        List<String> tools = new ArrayList<>();
        JsonNode toolsNode = node.get("tools");
        if (toolsNode == null || !toolsNode.isArray()) {
            problems.add(COMPARISONS + ": " + at + ".tools: required (a list of tool ids)");
        } else {
            for (int t = 0; t < toolsNode.size(); t++) {
                String toolId = toolsNode.get(t).asText();
                if (!toolIds.contains(toolId)) {
                    problems.add(COMPARISONS + ": " + at + ".tools[" + t + "]: unknown tool '" + toolId + "'");
                }
                tools.add(toolId);
            }
        }
        List<Review> reviews = new ArrayList<>();
        JsonNode reviewsNode = node.path("reviews");
        for (int r = 0; r < reviewsNode.size(); r++) {
            Review review = review(at + ".reviews[" + r + "]", reviewsNode.get(r), tools, reviewers);
            if (review != null) {
                reviews.add(review);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return build(COMPARISONS, at, () -> new Comparison(slug, title, question, category, publishedAt, tools, reviews));
    }

    private Review review(String at, JsonNode node, List<String> comparisonTools, Map<String, Reviewer> reviewers) {
        int before = problems.size();
        String reviewerId = text(COMPARISONS, at, node, "reviewer");
        String toolId = text(COMPARISONS, at, node, "tool");
        String verdictText = text(COMPARISONS, at, node, "verdict");
        String quote = text(COMPARISONS, at, node, "quote");
        Reviewer reviewer = reviewers.get(reviewerId);
        if (reviewerId != null && reviewer == null) {
            problems.add(COMPARISONS + ": " + at + ".reviewer: unknown reviewer '" + reviewerId + "'");
        }
        if (toolId != null && !comparisonTools.contains(toolId)) {
            problems.add(COMPARISONS + ": " + at + ".tool: '" + toolId + "' is not one of this comparison's tools");
        }
        Optional<Verdict> verdict = Verdict.parse(verdictText);
        if (verdictText != null && verdict.isEmpty()) {
            problems.add(COMPARISONS + ": " + at + ".verdict: '" + verdictText + "' is not ship or skip");
        }
        if (problems.size() > before) {
            return null;
        }
        return build(COMPARISONS, at, () -> new Review(reviewer, toolId, verdict.orElseThrow(), quote));
    }

    private Instant instant(String at, JsonNode node) {
        String text = text(COMPARISONS, at, node, "publishedAt");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problems.add(COMPARISONS + ": " + at + ".publishedAt: '" + text + "' is not an ISO-8601 instant");
            return null;
        }
    }

    /** Runs a record constructor, turning its validation message ("field: …") into a problem naming the file. */
    private <T> T build(String file, String at, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException | NullPointerException invalid) {
            if (invalid.getMessage() != null) {
                problems.add(file + ": " + at + "." + invalid.getMessage());
            }
            return null;
        }
    }

    private String text(String file, String at, JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(file + ": " + at + "." + field + ": required (a non-empty string)");
            return null;
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? "" : value.asText();
    }

    private JsonNode array(String file) {
        Optional<String> content = files.apply(file);
        if (content.isEmpty()) {
            problems.add(file + ": missing");
            return Json.mapper().createArrayNode();
        }
        try {
            JsonNode node = Json.mapper().readTree(content.get());
            if (node == null || !node.isArray()) {
                problems.add(file + ": must hold a JSON array");
                return Json.mapper().createArrayNode();
            }
            return node;
        } catch (JsonProcessingException e) {
            problems.add(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
            return Json.mapper().createArrayNode();
        }
    }
}
