package dev.verdict.bench.baseline;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What every bare twin sets up at INIT, the way a hand-written function would: the SDK clients with the service's
 * setup (URL-connection HTTP client, explicit region and credentials, the local endpoint when one is set), the table
 * names from the environment, and the keyed hash the functions use for signatures and client addresses.
 */
final class BareAws {

    private static final Map<String, String> ENV = System.getenv();

    private BareAws() {
    }

    static DynamoDbClient dynamo() {
        return configure(DynamoDbClient.builder());
    }

    static DynamoDbStreamsClient streams() {
        return configure(DynamoDbStreamsClient.builder());
    }

    static String table(String variable) {
        String name = ENV.get(variable);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException(variable + " is not set");
        }
        return name;
    }

    /** Hex HMAC-SHA256 of {@code text} under SIGNING_KEY, truncated to 16 bytes. */
    static String keyedHash(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(ENV.getOrDefault("SIGNING_KEY", "bare").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder) {
        builder.region(Region.of(ENV.getOrDefault("AWS_REGION", "us-east-1"))).httpClient(UrlConnectionHttpClient.create());
        String endpoint = ENV.get("DYNAMODB_ENDPOINT");
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(EnvironmentVariableCredentialsProvider.create());
        }
        return builder.build();
    }
}
