package dev.verdict.localkit;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A DynamoDB the tests and the local stack talk to over the real SDK: moto's server, or LocalStack where Docker runs. */
public interface DynamoBackend extends AutoCloseable {

    /** Local engines accept any credentials; these are what every local client signs with. */
    StaticCredentialsProvider LOCAL_CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    URI endpoint();

    /** The region the tables live in: a local engine keeps one set of tables per region. */
    default Region region() {
        return Region.US_EAST_1;
    }

    default DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(endpoint()).region(region())
                .credentialsProvider(LOCAL_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    default DynamoDbStreamsClient streamsClient() {
        return DynamoDbStreamsClient.builder().endpointOverride(endpoint()).region(region())
                .credentialsProvider(LOCAL_CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /**
     * Copies the tables named {@code fromPrefix}… to {@code toPrefix}…, items included, where the engine can do it in
     * one step (moto's, see {@link MotoEngine#copyTables}); false where it cannot, and the caller creates and fills.
     */
    default boolean copyTables(String fromPrefix, String toPrefix) {
        return false;
    }

    @Override
    void close();
}
