package dev.verdict.mail;

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

    /**
     * Refused for good: this message (rejected, malformed) or every message until a person acts (sending paused, the
     * account suspended, the sender unverified). Retrying would fail the same way for hours and hold up the stream.
     *
     * @param reason a short code (the provider's error type), never anything quoting the message or its recipient
     */
    final class Rejected extends RuntimeException {
        private final String reason;

        public Rejected(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * The provider asked us to slow down (SES TooManyRequests): nothing was sent, and the same message may be sent again
     * after a pause. A RuntimeException like any other retryable failure, so callers that only retry need not know it.
     */
    final class Throttled extends RuntimeException {
        public Throttled() {
            super("throttled", null, false, false);
        }
    }

    /**
     * Sends, or throws: {@link Rejected} when retrying cannot help, anything else when it may (throttling, a quota,
     * an outage), in which case the stream delivers the record again.
     */
    void send(Message message);
}
