package dev.verdict.localkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * SNS's event for a Lambda subscriber ({@code {"Records":[{"EventSource":"aws:sns","Sns":{…}}]}}), as JSON, signed the
 * way SNS signs a Notification. Off AWS nobody holds SNS's private key, so the local stack trusts one certificate of its
 * own ({@link #LOCAL_CERTIFICATE}, handed to the functions as SNS_LOCAL_CERTIFICATE), whose key is here to sign the
 * examples and the tests' messages. That key signs nothing on AWS: a function there fetches SNS's certificate.
 */
public final class SnsEvents {

    /** The stand-in's certificate (PEM) and its private key: local-only, published on purpose. */
    public static final String LOCAL_CERTIFICATE = resource("sns-local-certificate.pem");
    public static final PrivateKey LOCAL_KEY = privateKey(resource("sns-local-key.pem"));
    /** Where a message signed by the stand-in says its certificate is (it is never fetched off AWS). */
    public static final String CERTIFICATE_URL = "https://sns." + LambdaEvents.REGION
            + ".amazonaws.com/SimpleNotificationService-local.pem";

    private static final DateTimeFormatter SNS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SnsEvents() {
    }

    /** One notification of {@code topicArn}, signed with {@code key} under signature version 2 (SHA256withRSA). */
    public static ObjectNode record(String topicArn, String messageId, String message, Instant at, PrivateKey key) {
        return record(topicArn, messageId, message, at, key, "2");
    }

    public static ObjectNode record(String topicArn, String messageId, String message, Instant at, PrivateKey key,
                                    String signatureVersion) {
        ObjectNode record = LambdaEvents.JSON.createObjectNode();
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", topicArn + ":" + messageId.substring(0, 8) + "-subscription");
        record.put("EventSource", "aws:sns");
        ObjectNode sns = record.putObject("Sns");
        sns.put("SignatureVersion", signatureVersion);
        sns.put("Timestamp", SNS_TIME.format(at));
        sns.put("SigningCertUrl", CERTIFICATE_URL);
        sns.put("MessageId", messageId);
        sns.put("Message", message);
        sns.putObject("MessageAttributes");
        sns.put("Type", "Notification");
        sns.put("UnsubscribeUrl", "https://sns." + LambdaEvents.REGION + ".amazonaws.com/?Action=Unsubscribe");
        sns.put("TopicArn", topicArn);
        sns.putNull("Subject");
        sns.put("Signature", sign(sns, key, signatureVersion));
        return record;
    }

    /** The event Lambda is invoked with. */
    public static byte[] event(List<ObjectNode> records) {
        ObjectNode event = LambdaEvents.JSON.createObjectNode();
        event.putArray("Records").addAll(records);
        return LambdaEvents.bytes(event);
    }

    /** The ARN the local stack gives a topic of template.yaml (SamTemplate resolves {@code !Ref Topic} to it). */
    public static String topicArn(String topicLogicalId) {
        return "arn:aws:sns:" + LambdaEvents.REGION + ":" + LambdaEvents.ACCOUNT + ":" + topicLogicalId;
    }

    /** SNS's string to sign for a Notification: these fields, in this order, each "Name\nvalue\n" (Subject only if set). */
    static String sign(ObjectNode sns, PrivateKey key, String version) {
        StringBuilder text = new StringBuilder();
        for (String field : List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")) {
            if (sns.hasNonNull(field)) {
                text.append(field).append('\n').append(sns.get(field).asText()).append('\n');
            }
        }
        try {
            Signature signature = Signature.getInstance(version.equals("1") ? "SHA1withRSA" : "SHA256withRSA");
            signature.initSign(key);
            signature.update(text.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the local SNS key is not a PKCS#8 RSA key", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = SnsEvents.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
