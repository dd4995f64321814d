package dev.verdict.newsletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What SES says about one message, read from the SNS message it published: event publishing through a configuration
 * set ({@code eventType}) or an identity's notifications ({@code notificationType}). Only bounces and complaints matter
 * here; every other event (Delivery, Send, Open…) is {@link Kind#OTHER}. Anything not shaped as SES writes it is
 * {@link Malformed}, so a field of the wrong type never reaches the table.
 *
 * @param id         the idempotency key of the feedback: SES's feedbackId, else the SNS message id
 * @param recipients the addresses the feedback is about, as SES reports them
 */
public record FeedbackNotice(Kind kind, String id, List<String> recipients) {

    /** A hard bounce or a complaint suppresses; a soft bounce (Transient, or SES could not tell) is counted. */
    public enum Kind { HARD_BOUNCE, SOFT_BOUNCE, COMPLAINT, OTHER }

    /** SES sends at most 50 recipients a message. */
    static final int MAX_RECIPIENTS = 50;

    public static final class Malformed extends Exception {
        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    public static FeedbackNotice parse(String message, String snsMessageId) throws Malformed {
        JsonNode root;
        try {
            root = Json.mapper().readTree(message);
        } catch (JsonProcessingException notJson) {
            throw new Malformed("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Malformed("not a JSON object");
        }
        Optional<String> event = text(root, "eventType");
        String type = event.isPresent() ? event.get() : text(root, "notificationType").orElse("");
        return switch (type) {
            case "Bounce" -> bounce(object(root, "bounce"), snsMessageId);
            case "Complaint" -> new FeedbackNotice(Kind.COMPLAINT, id(object(root, "complaint"), snsMessageId),
                    recipients(object(root, "complaint"), "complainedRecipients"));
            default -> new FeedbackNotice(Kind.OTHER, snsMessageId, List.of());
        };
    }

    private static FeedbackNotice bounce(JsonNode bounce, String snsMessageId) throws Malformed {
        Kind kind = switch (text(bounce, "bounceType").orElseThrow(() -> new Malformed("a bounce without bounceType"))) {
            case "Permanent" -> Kind.HARD_BOUNCE;
            case "Transient", "Undetermined" -> Kind.SOFT_BOUNCE;
            default -> throw new Malformed("an unknown bounceType");
        };
        return new FeedbackNotice(kind, id(bounce, snsMessageId), recipients(bounce, "bouncedRecipients"));
    }

    private static String id(JsonNode feedback, String snsMessageId) throws Malformed {
        return text(feedback, "feedbackId").orElse(snsMessageId);
    }

    private static List<String> recipients(JsonNode feedback, String field) throws Malformed {
        JsonNode list = feedback.get(field);
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_RECIPIENTS) {
            throw new Malformed(field + " is not a list of 1 to " + MAX_RECIPIENTS + " recipients");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode recipient : list) {
            if (!recipient.isObject()) {
                throw new Malformed("a recipient is not an object");
            }
            String address = text(recipient, "emailAddress").orElseThrow(() -> new Malformed("a recipient without emailAddress"));
            addresses.add(address);
        }
        return addresses;
    }

    /**
     * The subscriber key SES's address stands for: the signups module keys a subscriber by the address it delivers to,
     * lowercased; SES may report it as {@code Name <address>}. Empty when it cannot be an address at all.
     */
    public static Optional<String> subscriberKey(String reported) {
        String address = reported.strip();
        int open = address.lastIndexOf('<');
        if (open >= 0 && address.endsWith(">")) {
            address = address.substring(open + 1, address.length() - 1).strip();
        }
        return Readers.deliverable(address) ? Optional.of(address.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    private static JsonNode object(JsonNode parent, String field) throws Malformed {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new Malformed(field + " is not an object");
        }
        return node;
    }

    /** A string field, empty when absent or null; any other type is malformed. */
    private static Optional<String> text(JsonNode parent, String field) throws Malformed {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 512) {
            throw new Malformed(field + " is not a short string");
        }
        return Optional.of(node.asText());
    }
}
