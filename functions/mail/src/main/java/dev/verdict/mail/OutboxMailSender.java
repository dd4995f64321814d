package dev.verdict.mail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The local stand-in for SES: each message becomes one .eml file in the outbox directory, which any mail program (or
 * a text editor) opens. Files are written under a temporary name and moved into place, so a reader never sees half a
 * message; names sort by time.
 */
public final class OutboxMailSender implements MailSender {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path outbox;
    private final Clock clock;
    private final boolean keyedByMessageId;

    public OutboxMailSender(Path outbox, Clock clock) {
        this(outbox, clock, false);
    }

    private OutboxMailSender(Path outbox, Clock clock, boolean keyedByMessageId) {
        this.outbox = outbox;
        this.clock = clock;
        this.keyedByMessageId = keyedByMessageId;
    }

    /**
     * An outbox whose file is named by the Message-ID alone, so sending the same message again (a retry after a crash
     * between the send and its record) replaces the file instead of adding one: what a bulk sender whose Message-IDs
     * are stable per recipient needs locally.
     */
    public static OutboxMailSender keyedByMessageId(Path outbox, Clock clock) {
        return new OutboxMailSender(outbox, clock, true);
    }

    public Path directory() {
        return outbox;
    }

    @Override
    public void send(Message message) {
        try {
            Files.createDirectories(outbox);
            String id = message.messageId().replace('@', '_').replaceAll("[^A-Za-z0-9._-]", "");
            String name = (keyedByMessageId ? "" : STAMP.format(clock.instant()) + "-") + id + ".eml";
            Path partial = Files.createTempFile(outbox, ".sending-", ".tmp");
            Files.write(partial, message.mime());
            Files.move(partial, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // No path in the message: it is ours to see in the log, and the cause's class is enough to act on.
            throw new UncheckedIOException("the outbox could not be written (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
