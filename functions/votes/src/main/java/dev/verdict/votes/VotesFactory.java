package dev.verdict.votes;

import dev.verdict.core.config.Settings;
import dev.verdict.core.store.VotesTable;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The votes and voters functions' settings, each read only by the function whose code uses it. */
@Factory
public class VotesFactory {

    /**
     * How often one vote may be written: once per VOTE_CHANGE_INTERVAL_SECONDS (two by default). A person changing their
     * mind waits at most that (the page retries by itself); a script flipping a vote is held to it.
     */
    public static final String VOTE_CHANGE_INTERVAL_SECONDS = "VOTE_CHANGE_INTERVAL_SECONDS";

    @Singleton
    VotesTable.ChangeLimit changeLimit(Settings settings) {
        return new VotesTable.ChangeLimit(Duration.ofSeconds(settings.positive(VOTE_CHANGE_INTERVAL_SECONDS, 2)));
    }

    @Singleton
    Difficulty difficulty(Settings settings) {
        return Difficulty.from(settings);
    }
}
