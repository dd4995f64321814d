package dev.verdict.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The recorder passes requests and answers through unchanged and writes down each call's operation and tables. */
class DynamoCallRecorderTest {

    @Test
    void forwardsEachRequestAndItsAnswerAndRecordsTheOperationAndTables() throws Exception {
        List<String> upstreamSaw = new CopyOnWriteArrayList<>();
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamSaw.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"Item\":{}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "r-1");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        try (DynamoCallRecorder recorder = DynamoCallRecorder.start(
                URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
             HttpClient client = HttpClient.newHttpClient()) {
            String body = "{\"TableName\":\"bench-ContentTable\",\"Key\":{\"pk\":{\"S\":\"X\"}}}";
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(recorder.endpoint().resolve("/"))
                    .header("X-Amz-Target", "DynamoDB_20120810.GetItem")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"Item\":{}}");
            assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValue("r-1");
            assertThat(upstreamSaw).containsExactly("DynamoDB_20120810.GetItem " + body);
            assertThat(recorder.take()).containsExactly(new DynamoCallRecorder.Call("GetItem", Set.of("bench-ContentTable")));
            assertThat(recorder.take()).isEmpty();
        } finally {
            upstream.stop(0);
        }
    }

    @Test
    void findsTheTablesOfBatchesAndTransactions() {
        byte[] batch = "{\"RequestItems\":{\"b-Votes\":{\"Keys\":[]},\"a-Content\":{\"Keys\":[]}}}".getBytes(StandardCharsets.UTF_8);
        byte[] transaction = ("{\"TransactItems\":[{\"Put\":{\"TableName\":\"t-Content\",\"Item\":{}}},"
                + "{\"Update\":{\"TableName\":\"t-Votes\",\"Key\":{}}},{\"Update\":{\"TableName\":\"t-Content\"}}]}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(DynamoCallRecorder.tables(batch)).containsExactly("a-Content", "b-Votes");
        assertThat(DynamoCallRecorder.tables(transaction)).containsExactly("t-Content", "t-Votes");
        assertThat(DynamoCallRecorder.tables("not json".getBytes(StandardCharsets.UTF_8))).containsExactly("(unreadable body)");
    }
}
