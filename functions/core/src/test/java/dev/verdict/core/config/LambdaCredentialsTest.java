package dev.verdict.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A SnapStart restore gives no access-key variables, only a credentials endpoint: the functions must find their
 * role's credentials there, or every AWS call fails after the first deploy. The SDK reads the endpoint's settings from
 * system properties before the environment, so the test points them at an endpoint of its own.
 */
class LambdaCredentialsTest {

    @Test
    void findsTheRolesCredentialsAtTheContainerEndpointWhenNoKeysAreInTheEnvironment() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null,
                "this JVM has access keys in its environment, which come first");
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/2018-06-01/credentials", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"AccessKeyId\":\"ASIAROLE\",\"SecretAccessKey\":\"role-secret\",\"Token\":\"role-session\","
                    + "\"Expiration\":\"" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        endpoint.start();
        System.setProperty("aws.containerCredentialsFullUri",
                "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/2018-06-01/credentials");
        System.setProperty("aws.containerAuthorizationToken", "snapstart-token");
        try {
            var credentials = LambdaCredentials.provider().resolveCredentials();

            assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
            assertThat(credentials.accessKeyId()).isEqualTo("ASIAROLE");
            assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo("role-session");
            assertThat(authorization.get()).isEqualTo("snapstart-token");
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
            endpoint.stop(0);
        }
    }
}
