package dev.verdict.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The confirmation mailer's twin: for each subscriber whose record asks for a message, the subscriber as stored now (a
 * consistent GetItem). The bench's subscribers are not in the table, so, like the function, it sends nothing.
 */
public class BareConfirmationMailerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String subscribers = BareAws.table("SUBSCRIBERS_TABLE");

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        int found = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            if (BareStreams.newImage(record, "mailRequest").isEmpty()) {
                continue;
            }
            String pk = BareStreams.key(record, "pk").orElse("");
            if (dynamo.getItem(g -> g.tableName(subscribers).key(Map.of("pk", AttributeValue.fromS(pk))).consistentRead(true)).hasItem()) {
                found++;
            }
        }
        context.getLogger().log("subscribers found: " + found);
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
