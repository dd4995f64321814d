package dev.verdict.mail;

/**
 * The names of what mail feedback (the newsletter's bounce and complaint handling) records on a subscriber item of
 * the subscribers table. The newsletter writes them; the signups module, which owns the item, reads
 * {@link #SUPPRESSED_AT} so that it never mails a suppressed address, and never writes any of them. They live here,
 * in the library both mailers share, so that neither function module depends on the other for four strings.
 */
public final class SuppressionAttributes {

    /** When the address was suppressed for good; present means nothing is ever sent to it again. */
    public static final String SUPPRESSED_AT = "suppressedAt";
    /** Why: "bounce", "complaint" or "soft bounces". */
    public static final String SUPPRESSED_REASON = "suppressedReason";
    /** How many distinct soft bounces have been counted. */
    public static final String SOFT_BOUNCES = "softBounces";
    /** The feedback ids of the soft bounces counted (a string set), so a redelivered notification counts once. */
    public static final String SOFT_BOUNCE_IDS = "softBounceIds";

    private SuppressionAttributes() {
    }
}
