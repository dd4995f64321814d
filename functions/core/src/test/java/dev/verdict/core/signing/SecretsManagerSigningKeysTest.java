package dev.verdict.core.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The signing keys read from Secrets Manager (a stand-in on loopback): once, when the signer is built. */
class SecretsManagerSigningKeysTest {

    @Test
    void readsTheSecretOnceWhenTheSignerIsBuiltAndNotPerSignature() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer secrets = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        secrets.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"Name\":\"verdict/signing-key\",\"SecretString\":"
                    + "\"{\\\"current\\\":\\\"a\\\",\\\"keys\\\":{\\\"a\\\":\\\"" + SignerTest.A + "\\\"}}\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        secrets.start();
        try {
            SecretsManagerClient client = SecretsManagerClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + secrets.getAddress().getPort()))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();

            Signer signer = new Signer(new SecretsManagerSigningKeys(client, "verdict/signing-key"), System::nanoTime);
            String signature = signer.sign("voter", "id-1");
            boolean verified = signer.verify("voter", "id-1", signature);

            assertThat(requests).singleElement().satisfies(request -> assertThat(request)
                    .startsWith("secretsmanager.GetSecretValue").contains("\"SecretId\":\"verdict/signing-key\""));
            assertThat(signature).startsWith("a");
            assertThat(verified).isTrue();
        } finally {
            secrets.stop(0);
        }
    }
}
