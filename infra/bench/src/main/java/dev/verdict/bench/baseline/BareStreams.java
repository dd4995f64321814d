package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.Map;
import java.util.Optional;

/** What a stream twin reads from a record: a string attribute of its keys or of its new image. */
final class BareStreams {

    private BareStreams() {
    }

    static Optional<String> key(DynamodbEvent.DynamodbStreamRecord record, String name) {
        return record.getDynamodb() == null ? Optional.empty() : text(record.getDynamodb().getKeys(), name);
    }

    static Optional<String> newImage(DynamodbEvent.DynamodbStreamRecord record, String name) {
        return record.getDynamodb() == null ? Optional.empty() : text(record.getDynamodb().getNewImage(), name);
    }

    private static Optional<String> text(Map<String, AttributeValue> values, String name) {
        return values == null || values.get(name) == null ? Optional.empty() : Optional.ofNullable(values.get(name).getS());
    }
}
