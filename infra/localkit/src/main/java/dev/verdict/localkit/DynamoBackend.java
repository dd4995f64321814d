package dev.verdict.localkit;

import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A DynamoDB the tests and the local stack talk to over the real SDK: DynamoDB Local, or LocalStack where Docker runs. */
public interface DynamoBackend extends AutoCloseable {

    URI endpoint();

    DynamoDbClient client();

    DynamoDbStreamsClient streamsClient();

    @Override
    void close();
}
