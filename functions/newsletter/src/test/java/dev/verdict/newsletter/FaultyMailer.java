package dev.verdict.newsletter;

import dev.verdict.mail.MailSender;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mail sender that fails on purpose, by message number (the n-th distinct message it is asked to send) and by call:
 * the invocation dies just after the provider took the message (before the sent marker), or just before (a timeout
 * mid-send); the provider throttles a call, or one message five times running. Each message meets a fault only on
 * its first try, as a real crash or throttle would not follow a message around.
 */
final class FaultyMailer implements MailSender {

    private final MailSender working;
    private final int crashAfterSendEvery;
    private final int crashBeforeSendEvery;
    private final int throttleCallEvery;
    private final int throttleMessageEvery;
    private final AtomicLong calls = new AtomicLong();
    private final Map<String, Long> numbers = new ConcurrentHashMap<>();
    private final Map<String, Integer> tries = new ConcurrentHashMap<>();
    final AtomicLong crashesAfterSend = new AtomicLong();
    final AtomicLong crashesBeforeSend = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();

    FaultyMailer(MailSender working, int crashAfterSendEvery, int crashBeforeSendEvery, int throttleCallEvery,
                 int throttleMessageEvery) {
        this.working = working;
        this.crashAfterSendEvery = crashAfterSendEvery;
        this.crashBeforeSendEvery = crashBeforeSendEvery;
        this.throttleCallEvery = throttleCallEvery;
        this.throttleMessageEvery = throttleMessageEvery;
    }

    @Override
    public void send(Message message) {
        long number = numbers.computeIfAbsent(message.messageId(), id -> (long) numbers.size() + 1);
        int attempt = tries.merge(message.messageId(), 1, Integer::sum);
        if (throttleMessageEvery > 0 && number % throttleMessageEvery == 0 && attempt <= IssueDelivery.THROTTLE_ATTEMPTS) {
            throttled.incrementAndGet();
            throw new Throttled();
        }
        if (throttleCallEvery > 0 && calls.incrementAndGet() % throttleCallEvery == 0) {
            throttled.incrementAndGet();
            throw new Throttled();
        }
        boolean firstTry = attempt == 1 || (throttleMessageEvery > 0 && number % throttleMessageEvery == 0
                && attempt == IssueDelivery.THROTTLE_ATTEMPTS + 1);
        if (firstTry && crashBeforeSendEvery > 0 && number % crashBeforeSendEvery == 0) {
            crashesBeforeSend.incrementAndGet();
            throw new NewsletterWorld.Crash();
        }
        working.send(message);
        if (firstTry && crashAfterSendEvery > 0 && number % crashAfterSendEvery == 0) {
            crashesAfterSend.incrementAndGet();
            throw new NewsletterWorld.Crash();
        }
    }
}
