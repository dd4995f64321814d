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
 * The newsletter sender's twin: for each planned delivery inserted on the newsletter table's stream, the delivery as
 * stored (a consistent GetItem). The bench's batch holds no delivery, so, like the function, it makes no call: this
 * measures the INIT and the event's deserialisation.
 */
public class BareSendIssueHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final DynamoDbClient dynamo = BareAws.dynamo();
    private final String newsletter = BareAws.table("NEWSLETTER_TABLE");

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            String pk = BareStreams.key(record, "pk").orElse("");
            String sk = BareStreams.key(record, "sk").orElse("");
            if ("INSERT".equals(record.getEventName()) && pk.startsWith("DELIVERY#")) {
                dynamo.getItem(g -> g.tableName(newsletter).consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))));
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
