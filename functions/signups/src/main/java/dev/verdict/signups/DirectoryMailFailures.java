package dev.verdict.signups;

import dev.verdict.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The local stand-in for the failure queue: one JSON file per refused confirmation, beside the outbox. */
public final class DirectoryMailFailures implements MailFailures {

    private final Path directory;

    public DirectoryMailFailures(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void report(Failure failure) {
        try {
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, ".writing-", ".tmp");
            Files.writeString(partial, Json.write(failure));
            Files.move(partial, directory.resolve(failure.at().replaceAll("[^0-9TZ]", "") + "-" + failure.mailRequest() + ".json"),
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("the failure directory could not be written (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
