package dev.verdict.core.store;

import dev.verdict.core.domain.Comparison;
import dev.verdict.core.domain.ComparisonSummary;
import dev.verdict.core.domain.Counts;
import dev.verdict.core.domain.Pricing;
import dev.verdict.core.domain.RankKey;
import dev.verdict.core.domain.Ranking;
import dev.verdict.core.domain.RankingOrder;
import dev.verdict.core.domain.Review;
import dev.verdict.core.domain.Reviewer;
import dev.verdict.core.domain.Tally;
import dev.verdict.core.domain.Tool;
import dev.verdict.core.domain.Verdict;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The content table's key layout and item mapping: the only class that knows its key shapes and attribute names.
 * Who reads and who writes which items is elsewhere ({@link CatalogueReads}, {@link ContentAggregates}, and the
 * content loader's writer in the content module), so each function's jar holds only the requests its IAM role allows.
 *
 * <pre>
 * pk                   sk              what
 * COMPARISON#{slug}    META            title, question, category, publishedAt, tools; listed through two indexes
 * COMPARISON#{slug}    REVIEW#{n}      one panel review (n keeps the catalogue's order)
 * TOOL#{id}            META            the tool, its pricing and the slugs of its comparisons
 * TOOL#{id}            PANEL           panel aggregate: ship, skip (written by the content loader from the reviews)
 * TOOL#{id}            COMMUNITY       community aggregate: ship, skip (written by the votes stream handler)
 * TOOL#{id}            TRENDING        the last 24 hours' ship votes (ship24h, n24h) beside the community's (written by
 *                                      the recompute from the hourly buckets)
 * TRENDING#{hour}      BUCKET#{part}   ship votes (s:{toolId}) and votes (n:{toolId}) cast in one hour, per tool,
 *                                      a few tools per part; expiresAt (TTL) a day and a bit later
 * CHECKPOINT#{shard}   STREAM          last stream sequence number applied to the aggregates (sequence)
 * RECOMPUTE            CURSOR          where an unfinished recompute resumes (state, opaque to this class)
 * RECOMPUTE            WATCH           tools the next recompute keeps item by item (toolIds)
 * </pre>
 *
 * <p>Rankings are kept in order by their writers: a PANEL, COMMUNITY or TRENDING item carries the tool's name and
 * category, {@code rankPk} ("COMMUNITY#{category}"), {@code rankAllPk} ("COMMUNITY") and {@code rankSk}, a
 * {@link RankKey} of its counts. Two indexes, {@code byRank} and {@code byRankAll}, list them in key order: one
 * category's ranking, or every tool's, is one Query.
 */
public final class ContentItems {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String BY_PUBLISHED_INDEX = "byPublished";
    public static final String BY_CATEGORY_INDEX = "byCategory";
    static final String LIST_PK = "listPk";
    static final String LIST_SK = "listSk";
    static final String CATEGORY_PK = "categoryPk";
    static final String ALL_COMPARISONS = "COMPARISON";

    public static final String BY_RANK_INDEX = "byRank";
    public static final String BY_RANK_ALL_INDEX = "byRankAll";
    static final String RANK_PK = "rankPk";
    static final String RANK_ALL_PK = "rankAllPk";
    static final String RANK_SK = "rankSk";
    static final String NAME = "name";
    static final String CATEGORY = "category";
    static final String SHIP_24H = "ship24h";
    static final String N_24H = "n24h";
    static final String EXPIRES_AT = "expiresAt";
    static final String BUCKET = "BUCKET";

    public static final String META = "META";
    public static final String TRENDING = "TRENDING";
    public static final String PANEL = "PANEL";
    public static final String COMMUNITY = "COMMUNITY";
    public static final String SHIP = "ship";
    public static final String SKIP = "skip";
    public static final String UPDATED_AT = "updatedAt";
    static final String STREAM = "STREAM";
    /**
     * Bumped by every write to an aggregate (stream deltas and repairs), so the recompute can tell "unchanged" from
     * "changed and changed back" while it looks.
     */
    static final String VERSION = "version";
    /** Bumped only by the recompute's corrections, so two recomputes never apply the same correction twice. */
    static final String REPAIRS = "repairs";
    static final String SEQUENCE = "sequence";
    static final String STATE = "state";
    static final String TOOL_IDS = "toolIds";
    private static final String TOOL_PREFIX = "TOOL#";
    private static final String COMPARISON_PREFIX = "COMPARISON#";
    private static final String REVIEW_PREFIX = "REVIEW#";
    /**
     * Stream sequence numbers are decimal strings of varying length (up to 40 digits); zero-padded to a fixed width
     * they compare as strings in numeric order, which is what the checkpoint's condition needs.
     */
    private static final int SEQUENCE_WIDTH = 48;

    private ContentItems() {
    }

    // ---- keys ----

    public static String comparisonKey(String slug) {
        return COMPARISON_PREFIX + slug;
    }

    public static String toolKey(String toolId) {
        return TOOL_PREFIX + toolId;
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    /** The key of a tool's community aggregate, which the stream handler and the recompute update. */
    public static Map<String, AttributeValue> communityKey(String toolId) {
        return key(toolKey(toolId), COMMUNITY);
    }

    static Map<String, AttributeValue> checkpointKey(String shard) {
        return key("CHECKPOINT#" + shard, STREAM);
    }

    static Map<String, AttributeValue> recomputeCursorKey() {
        return key("RECOMPUTE", "CURSOR");
    }

    static Map<String, AttributeValue> recomputeWatchKey() {
        return key("RECOMPUTE", "WATCH");
    }

    /** The partition of a ranking in its index: one category's, or every tool's when {@code category} is empty. */
    static String rankPartition(RankingOrder by, Optional<String> category) {
        return category.map(c -> by.name() + "#" + c).orElse(by.name());
    }

    /** The item of a tool that holds its place in a ranking. */
    static Map<String, AttributeValue> rankedKey(RankingOrder by, String toolId) {
        return key(toolKey(toolId), by.name());
    }

    /** What places a tool's aggregate in a ranking's partitions: its name and category (the key is added by writers). */
    public static Map<String, AttributeValue> rankPlacement(RankingOrder by, Tool tool) {
        return Map.of(NAME, s(tool.name()), CATEGORY, s(tool.category()),
                RANK_PK, s(rankPartition(by, Optional.of(tool.category()))), RANK_ALL_PK, s(rankPartition(by, Optional.empty())));
    }

    /** An UpdateItem's parts: the content module's writer sends it, so the item's shape stays here. */
    public record ItemUpdate(Map<String, AttributeValue> key, String expression, Map<String, String> names,
                             Map<String, AttributeValue> values) {
    }

    /**
     * Places a tool's community or trending item in its ranking, keeping any counts and key already there (a tool
     * without one gets the key of no votes).
     */
    public static ItemUpdate rankPlacementUpdate(RankingOrder by, Tool tool) {
        Map<String, AttributeValue> values = new HashMap<>();
        rankPlacement(by, tool).forEach((name, value) -> values.put(":" + name, value));
        values.put(":none", s(by == RankingOrder.TRENDING
                ? RankKey.trending(Tally.EMPTY, Tally.EMPTY, tool.name(), tool.id())
                : RankKey.of(Tally.EMPTY, tool.name(), tool.id())));
        return new ItemUpdate(rankedKey(by, tool.id()),
                "SET #name = :name, #category = :category, #rankPk = :rankPk, #rankAllPk = :rankAllPk,"
                        + " #rankSk = if_not_exists(#rankSk, :none)",
                Map.of("#name", NAME, "#category", CATEGORY, "#rankPk", RANK_PK, "#rankAllPk", RANK_ALL_PK, "#rankSk", RANK_SK),
                values);
    }

    /** The partition of the buckets of the votes cast in the hour that holds {@code at}. */
    static String bucketPartition(Instant at) {
        return "TRENDING#" + at.truncatedTo(ChronoUnit.HOURS);
    }

    /** One part of an hour's bucket (an hour's tools are split over parts of a bounded size). */
    public static Map<String, AttributeValue> bucketKey(Instant at, int part) {
        return key(bucketPartition(at), BUCKET + "#" + part);
    }

    static String bucketShip(String toolId) {
        return "s:" + toolId;
    }

    static String bucketVotes(String toolId) {
        return "n:" + toolId;
    }

    /** The tool a TOOL# partition key names, or empty for any other partition. */
    static Optional<String> toolOf(String pk) {
        return pk.startsWith(TOOL_PREFIX) ? Optional.of(pk.substring(TOOL_PREFIX.length())) : Optional.empty();
    }

    static boolean isReview(Map<String, AttributeValue> item) {
        return item.get(PK).s().startsWith(COMPARISON_PREFIX) && item.get(SK).s().startsWith(REVIEW_PREFIX);
    }

    static String padded(BigInteger sequence) {
        String digits = sequence.toString();
        return "0".repeat(Math.max(0, SEQUENCE_WIDTH - digits.length())) + digits;
    }

    // ---- record → item ----

    public static Map<String, AttributeValue> toolItem(Tool tool) {
        Map<String, AttributeValue> item = new HashMap<>(key(toolKey(tool.id()), META));
        item.put("id", s(tool.id()));
        item.put("name", s(tool.name()));
        item.put("vendor", s(tool.vendor()));
        item.put("category", s(tool.category()));
        item.put("tagline", s(tool.tagline()));
        item.put("description", s(tool.description()));
        item.put("pricingEntry", s(tool.pricing().entry()));
        item.put("pricingModel", s(tool.pricing().model()));
        item.put("pricingNotes", s(tool.pricing().notes()));
        item.put("comparisons", list(tool.comparisons()));
        return item;
    }

    /** A comparison's META item; {@code toolNames} (id to name) lets a listing show names without reading the tools. */
    public static Map<String, AttributeValue> comparisonItem(Comparison comparison, Map<String, String> toolNames) {
        Map<String, AttributeValue> item = new HashMap<>(key(comparisonKey(comparison.slug()), META));
        String published = comparison.publishedAt().toString();
        item.put("slug", s(comparison.slug()));
        item.put("title", s(comparison.title()));
        item.put("question", s(comparison.question()));
        item.put("category", s(comparison.category()));
        item.put("publishedAt", s(published));
        item.put(TOOL_IDS, list(comparison.toolIds()));
        item.put("toolNames", AttributeValue.fromL(comparison.toolIds().stream().map(id -> s(toolNames.get(id))).toList()));
        item.put(LIST_PK, s(ALL_COMPARISONS));
        item.put(CATEGORY_PK, s(comparison.category()));
        // ISO-8601 instants in UTC sort as text in time order; the slug breaks ties and makes the key unique.
        item.put(LIST_SK, s(published + "#" + comparison.slug()));
        return item;
    }

    public static Map<String, AttributeValue> reviewItem(String slug, int position, Review review) {
        Map<String, AttributeValue> item = new HashMap<>(key(comparisonKey(slug), REVIEW_PREFIX + "%04d".formatted(position)));
        item.put("reviewerId", s(review.reviewer().id()));
        item.put("reviewerName", s(review.reviewer().name()));
        item.put("reviewerRole", s(review.reviewer().role()));
        item.put("toolId", s(review.toolId()));
        item.put("verdict", s(review.verdict().wire()));
        item.put("quote", s(review.quote()));
        return item;
    }

    /** A tool's panel aggregate as the content loader writes it; {@code updatedAt} is its latest review's comparison. */
    public static Map<String, AttributeValue> panelItem(Tool tool, Tally tally, Optional<Instant> updatedAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(toolKey(tool.id()), PANEL));
        item.put(SHIP, n(tally.ship()));
        item.put(SKIP, n(tally.skip()));
        item.putAll(rankPlacement(RankingOrder.PANEL, tool));
        item.put(RANK_SK, s(RankKey.of(tally, tool.name(), tool.id())));
        updatedAt.ifPresent(at -> item.put(UPDATED_AT, s(at.toString())));
        return item;
    }

    // ---- item → record ----

    static Comparison toComparison(Map<String, AttributeValue> item, List<Review> reviews) {
        return new Comparison(item.get("slug").s(), item.get("title").s(), item.get("question").s(),
                item.get("category").s(), Instant.parse(item.get("publishedAt").s()), strings(item.get(TOOL_IDS)), reviews);
    }

    /** A review item as a review, or empty when its verdict is not one we know. */
    static Optional<Review> toReview(Map<String, AttributeValue> item) {
        return Verdict.parse(item.get("verdict").s()).map(verdict -> new Review(
                new Reviewer(item.get("reviewerId").s(), item.get("reviewerName").s(), item.get("reviewerRole").s()),
                item.get("toolId").s(),
                verdict,
                item.get("quote").s()));
    }

    static Tool toTool(Map<String, AttributeValue> item) {
        return new Tool(item.get("id").s(), item.get("name").s(), item.get("vendor").s(), item.get("category").s(),
                item.get("tagline").s(), item.get("description").s(),
                new Pricing(item.get("pricingEntry").s(), item.get("pricingModel").s(), item.get("pricingNotes").s()),
                strings(item.get("comparisons")));
    }

    static ComparisonSummary toSummary(Map<String, AttributeValue> item) {
        List<String> ids = strings(item.get(TOOL_IDS));
        List<String> names = strings(item.get("toolNames"));
        List<ComparisonSummary.ToolRef> tools = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            tools.add(new ComparisonSummary.ToolRef(ids.get(i), names.get(i)));
        }
        return new ComparisonSummary(item.get("slug").s(), item.get("title").s(), item.get("category").s(), tools,
                Instant.parse(item.get("publishedAt").s()));
    }

    /** A ranked item (PANEL, COMMUNITY or TRENDING) as a place in its ranking. */
    static Ranking.Entry toRankEntry(RankingOrder by, Map<String, AttributeValue> item) {
        String toolId = toolOf(item.get(PK).s()).orElseThrow();
        String name = item.containsKey(NAME) ? item.get(NAME).s() : toolId;
        Tally counts = tally(item);
        if (by != RankingOrder.TRENDING) {
            return new Ranking.Entry(toolId, name, counts, counts, null);
        }
        long ship = Math.max(0, number(item.get(SHIP_24H)));
        Tally day = new Tally(ship, Math.max(0, number(item.get(N_24H)) - ship));
        return new Ranking.Entry(toolId, name, counts, day, day);
    }

    /** An aggregate item as shown to readers; an absent item is an empty tally. */
    public static Tally tally(Map<String, AttributeValue> item) {
        if (item == null) {
            return Tally.EMPTY;
        }
        // A count below zero can only be drift (a retraction of a vote the aggregate never saw); the recompute
        // repairs it, and until then the page shows zero rather than failing.
        return new Tally(Math.max(0, number(item.get(SHIP))), Math.max(0, number(item.get(SKIP))));
    }

    /** Counts as readers see them: below zero is drift the recompute repairs, shown as zero meanwhile. */
    static Tally shown(Counts counts) {
        return new Tally(Math.max(0, counts.ship()), Math.max(0, counts.skip()));
    }

    /** An aggregate item as stored, negative counts included (the recompute needs to see drift). */
    static Counts counts(Map<String, AttributeValue> item) {
        return new Counts(number(item.get(SHIP)), number(item.get(SKIP)));
    }

    static long number(AttributeValue value) {
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    static Instant updatedAt(Map<String, AttributeValue> item) {
        return item == null || !item.containsKey(UPDATED_AT) ? null : Instant.parse(item.get(UPDATED_AT).s());
    }

    static Optional<BigInteger> sequence(Map<String, AttributeValue> item) {
        return item == null || !item.containsKey(SEQUENCE) ? Optional.empty()
                : Optional.of(new BigInteger(item.get(SEQUENCE).s()));
    }

    static List<String> strings(AttributeValue value) {
        // An absent attribute is no list; a present one that is not a list reads as empty (the SDK's l() then is).
        return value == null ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(ContentItems::s).toList());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
