package dev.verdict.local;

import com.sun.net.httpserver.HttpExchange;
import dev.verdict.localkit.HttpEvents;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Fills the kit's API Gateway event (payload 2.0) with what a request to the front door carries. */
final class ApiEvents {

    private ApiEvents() {
    }

    static HttpEvents from(HttpExchange exchange, RouteTable.Match match, byte[] body) {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        HttpEvents event = HttpEvents.request(method, match.route().path())
                .rawPath(exchange.getRequestURI().getRawPath())
                .rawQuery(exchange.getRequestURI().getRawQuery())
                .protocol(exchange.getProtocol());
        match.pathParameters().forEach(event::path);
        String contentType = null;
        String forwardedFor = null;
        for (var header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            for (String value : header.getValue()) {
                if (name.equals("cookie")) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            event.cookie(cookie.trim());
                        }
                    }
                } else {
                    event.header(name, value);
                }
            }
            if (name.equals("content-type")) {
                contentType = header.getValue().getFirst();
            } else if (name.equals("x-forwarded-for")) {
                forwardedFor = String.join(",", header.getValue());
            } else if (name.equals("host")) {
                event.domainName(header.getValue().getFirst().split(":")[0]);
            }
        }
        event.sourceIp(sourceIp(exchange.getRemoteAddress().getAddress(), forwardedFor));
        if (body.length > 0) {
            boolean text = isText(contentType);
            event.body(text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body), !text);
        }
        return event;
    }

    /**
     * API Gateway reports the client's address. Behind a local proxy (the peer is loopback) that is the first
     * X-Forwarded-For entry; from anywhere else the header is the client's own claim and is ignored.
     */
    static String sourceIp(InetAddress peer, String forwardedFor) {
        if (peer.isLoopbackAddress() && forwardedFor != null && !forwardedFor.isBlank()) {
            return forwardedFor.split(",")[0].trim();
        }
        return peer.getHostAddress();
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("application/javascript");
    }
}
