package dev.verdict.newsletter;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import org.joda.time.DateTimeZone;
import org.joda.time.format.DateTimeFormatter;
import org.joda.time.format.ISODateTimeFormat;

/**
 * Checks that SNS signed a notification (the check the SNS documentation gives for HTTP subscribers; a Lambda
 * subscriber gets the same fields): version 1 is SHA1withRSA, version 2 SHA256withRSA, over the Notification's string
 * to sign, with the public key of the certificate the message names, if {@link SigningCertificates} trusts it.
 */
public final class SnsSignature {

    /** SNS's timestamps: milliseconds and Z, always (the runtime hands them over as a Joda DateTime). */
    private static final DateTimeFormatter SNS_TIME = ISODateTimeFormat.dateTime().withZone(DateTimeZone.UTC);

    private final SigningCertificates certificates;

    public SnsSignature(SigningCertificates certificates) {
        this.certificates = certificates;
    }

    /** Whether SNS signed {@code sns}; false for anything that cannot be checked (an unknown version, no certificate). */
    public boolean verifies(SNSEvent.SNS sns) {
        if (!"Notification".equals(sns.getType()) || sns.getSignature() == null || sns.getSigningCertUrl() == null
                || sns.getTimestamp() == null || sns.getMessage() == null || sns.getMessageId() == null || sns.getTopicArn() == null) {
            return false;
        }
        String algorithm = switch (String.valueOf(sns.getSignatureVersion())) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(certificates.keyAt(new URI(sns.getSigningCertUrl())));
            signature.update(stringToSign(sns).getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(sns.getSignature()));
        } catch (SigningCertificates.Untrusted | URISyntaxException | GeneralSecurityException | IllegalArgumentException notSigned) {
            return false;
        }
    }

    /** "Name\nvalue\n" for Message, MessageId, Subject (only when there is one), Timestamp, TopicArn, Type. */
    static String stringToSign(SNSEvent.SNS sns) {
        StringBuilder text = new StringBuilder();
        field(text, "Message", sns.getMessage());
        field(text, "MessageId", sns.getMessageId());
        if (sns.getSubject() != null) {
            field(text, "Subject", sns.getSubject());
        }
        field(text, "Timestamp", SNS_TIME.print(sns.getTimestamp()));
        field(text, "TopicArn", sns.getTopicArn());
        field(text, "Type", sns.getType());
        return text.toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(name).append('\n').append(value).append('\n');
    }
}
