package dev.verdict.signups;

import dev.verdict.mail.MailSender;
import java.util.concurrent.atomic.AtomicInteger;

/** A mail service that is down for the first {@code failures} sends, then delivers to the real outbox. */
final class FlakyMailSender implements MailSender {

    private final MailSender working;
    private final AtomicInteger failuresLeft;
    final AtomicInteger attempts = new AtomicInteger();

    FlakyMailSender(MailSender working, int failures) {
        this.working = working;
        this.failuresLeft = new AtomicInteger(failures);
    }

    @Override
    public void send(Message message) {
        attempts.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("mail service unavailable (injected)");
        }
        working.send(message);
    }
}
