package dev.verdict.core.domain;

import java.util.List;
import java.util.Optional;

/** One page of a listing and, when there is more, the cursor to the next. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public Page {
        items = List.copyOf(items);
    }
}
