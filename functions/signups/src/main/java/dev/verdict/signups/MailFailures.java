package dev.verdict.signups;

/**
 * Where a confirmation that was refused for good is recorded for a person to act on: the SignupMailFailures queue in
 * the cloud (the one Lambda also sends batches it gave up on to, with an alarm on its depth), a directory locally.
 */
public interface MailFailures {

    /**
     * One refused message, described without personal data.
     *
     * @param reason      the provider's error type
     * @param mailRequest the subscriber's mail request the message was for
     * @param ref         the subscriber's keyed log reference
     * @param sequence    the stream record's sequence number
     * @param at          when it was refused (ISO-8601)
     */
    record Failure(String reason, String mailRequest, String ref, String sequence, String at) {
    }

    /** Records the failure, or throws (the stream then delivers the record again). */
    void report(Failure failure);
}
