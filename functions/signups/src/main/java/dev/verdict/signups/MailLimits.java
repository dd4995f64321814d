package dev.verdict.signups;

import dev.verdict.core.signing.Signer;
import dev.verdict.core.store.FixedWindowCounters;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How often we write to one mailbox and to one domain, whoever asks us to. Keyed on the mailbox
 * ({@link EmailAddress#mailbox}: tags and case folded), so ten signups of {@code victim+1@…} … {@code victim+10@…} send
 * one message, and on the domain, so nobody can make us flood a small company's server. Counters hold keyed hashes,
 * never an address; a message refused by a limit counts against nothing, and one that was then not sent is given back.
 * The reader still gets the same 202: a withheld message is visible to nobody but the log and the metric.
 */
@Singleton
final class MailLimits {

    /** One message per mailbox per ten minutes: the cooling period after we wrote to it. */
    static final RateLimit MAILBOX_COOLING = new RateLimit("mailbox", 1, Duration.ofMinutes(10));
    /** Three a day per mailbox: a reader who lost two messages still gets a third. */
    static final RateLimit MAILBOX_DAILY = new RateLimit("mailbox-day", 3, Duration.ofDays(1));
    /** A hundred an hour per domain: far above a real site's signups from one company, far below a flood. */
    static final RateLimit DOMAIN_HOURLY = new RateLimit("domain", 100, Duration.ofHours(1));

    private final FixedWindowCounters counters;
    private final Signer signer;

    MailLimits(FixedWindowCounters counters, Signer signer) {
        this.counters = counters;
        this.signer = signer;
    }

    /** Room for one message, taken under every limit; {@link #giveBack} returns it if the message is not sent. */
    record Allowance(List<Taken> taken, Instant at) {
    }

    /** A counter that was counted, to give back. */
    record Taken(String subject, RateLimit limit) {
    }

    /** Takes room for one message to {@code address}, or nothing at all when any limit is full. */
    Optional<Allowance> take(EmailAddress address, Instant now) {
        List<Taken> taken = new ArrayList<>();
        for (var limit : List.of(MAILBOX_COOLING, MAILBOX_DAILY, DOMAIN_HOURLY)) {
            String subject = subject(limit, limit == DOMAIN_HOURLY ? address.domain() : address.mailbox());
            if (!counters.take(subject, limit.limit(), limit.windowSeconds(), now).granted()) {
                giveBack(new Allowance(taken, now));
                return Optional.empty();
            }
            taken.add(new Taken(subject, limit));
        }
        return Optional.of(new Allowance(taken, now));
    }

    void giveBack(Allowance allowance) {
        allowance.taken().forEach(t -> counters.giveBack(t.subject(), t.limit().windowSeconds(), allowance.at()));
    }

    private String subject(RateLimit limit, String value) {
        return "mail:" + limit.name() + "#" + signer.hash("mail-limit", value);
    }
}
