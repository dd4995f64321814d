package dev.verdict.votes;

import dev.verdict.core.store.CatalogueReads;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tools a comparison sets side by side, remembered for a minute per container. Comparisons change only when the
 * catalogue is reloaded, so a vote does not need to pay a read for it every time; a minute bounds how long a reload
 * takes to reach a warm container. At most {@link #MAX_ENTRIES} slugs are kept, so made-up slugs cannot grow it.
 */
@Singleton
final class ComparisonTools {

    static final int MAX_ENTRIES = 1_000;
    private static final Duration TTL = Duration.ofMinutes(1);

    private record Entry(Optional<List<String>> toolIds, Instant expires) {
    }

    private final CatalogueReads content;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    ComparisonTools(CatalogueReads content, Clock clock) {
        this.content = content;
        this.clock = clock;
    }

    Optional<List<String>> of(String slug) {
        Instant now = clock.instant();
        Entry entry = cache.get(slug);
        if (entry == null || entry.expires().isBefore(now)) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            entry = new Entry(content.comparisonToolIds(slug), now.plus(TTL));
            cache.put(slug, entry);
        }
        return entry.toolIds();
    }
}
