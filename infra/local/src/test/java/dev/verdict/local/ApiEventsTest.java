package dev.verdict.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.localkit.FunctionSpec;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ApiEventsTest {

    @Test
    void takesTheClientAddressFromXForwardedForOnlyBehindALoopbackProxy() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress remote = InetAddress.getByName("198.51.100.7");

        assertThat(ApiEvents.sourceIp(loopback, "203.0.113.5, 10.0.0.1")).isEqualTo("203.0.113.5");
        assertThat(ApiEvents.sourceIp(loopback, null)).isEqualTo("127.0.0.1");
        assertThat(ApiEvents.sourceIp(remote, "203.0.113.5")).isEqualTo("198.51.100.7");
    }

    @Test
    void prefersLiteralSegmentsAndExactMethodsAsApiGatewayDoes() {
        RouteTable routes = new RouteTable();
        routes.add(new FunctionSpec.HttpRoute("ANY", "/{proxy+}"), null);
        routes.add(new FunctionSpec.HttpRoute("ANY", "/comparisons/{slug}"), null);
        routes.add(new FunctionSpec.HttpRoute("GET", "/comparisons/{slug}"), null);
        routes.add(new FunctionSpec.HttpRoute("PUT", "/comparisons/{slug}/votes/{toolId}"), null);

        var get = routes.match("GET", "/comparisons/abc").orElseThrow();
        var delete = routes.match("DELETE", "/comparisons/abc").orElseThrow();
        var vote = routes.match("PUT", "/comparisons/a%20b/votes/t").orElseThrow();
        var other = routes.match("GET", "/x/y/z").orElseThrow();

        assertThat(get.route().routeKey()).isEqualTo("GET /comparisons/{slug}");
        assertThat(get.pathParameters()).containsEntry("slug", "abc");
        assertThat(delete.route().routeKey()).isEqualTo("ANY /comparisons/{slug}");
        assertThat(vote.pathParameters()).containsEntry("slug", "a b").containsEntry("toolId", "t");
        assertThat(other.route().routeKey()).isEqualTo("ANY /{proxy+}");
        assertThat(other.pathParameters()).containsEntry("proxy", "x/y/z");
    }
}
