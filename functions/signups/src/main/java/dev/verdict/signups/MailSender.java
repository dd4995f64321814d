package dev.verdict.signups;

/** Delivers a finished MIME message: Amazon SES in the cloud, an outbox directory on a laptop. */
public interface MailSender {

    /**
     * A message ready to go.
     *
     * @param to   the one recipient (also in the message's To header)
     * @param mime the whole RFC 5322 message, CRLF line ends
     */
    record Message(String to, String messageId, byte[] mime) {
    }

    /** Refused for good (a malformed or rejected message): retrying would fail the same way and hold up the stream. */
    final class Rejected extends RuntimeException {
        public Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Sends, or throws: {@link Rejected} when retrying cannot help, anything else when it may (throttling, outage),
     * in which case the stream delivers the record again.
     */
    void send(Message message);
}
