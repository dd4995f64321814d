package dev.verdict.local;

import com.sun.net.httpserver.HttpExchange;
import dev.verdict.core.http.ApiResponse;
import dev.verdict.core.http.Problems;
import dev.verdict.localkit.ApiContract;
import dev.verdict.localkit.ApiExchange;
import dev.verdict.localkit.HttpAnswer;
import dev.verdict.localkit.LambdaEvents;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local stand-in for API Gateway and CloudFront on one port: site files for page requests, and for everything
 * else the function that template.yaml routes the request to, invoked with the event API Gateway would send (its JSON,
 * read by the runtime's serialization) and answered as API Gateway maps the function's answer (payload 2.0): a function
 * error is a 500, as there.
 */
final class FrontDoor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FrontDoor.class.getName());
    /** API Gateway refuses payloads over 10 MB; we refuse far earlier, since no endpoint takes more than 16 KiB. */
    private static final int MAX_BODY = 1024 * 1024;
    /** The site's Content-Security-Policy as CloudFront sends it (template.yaml, SiteHeaders), minus the API's own host. */
    private static final String SITE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> SITE_HEADERS = Map.of("Content-Security-Policy", SITE_CSP,
            "X-Content-Type-Options", "nosniff", "Referrer-Policy", "strict-origin-when-cross-origin");

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(16);
    private final RouteTable routes;
    private final SiteFiles site;
    private final LocalInvoke invocations;

    FrontDoor(String host, int port, RouteTable routes, SiteFiles site, LocalInvoke invocations) throws IOException {
        this.routes = routes;
        this.site = site;
        this.invocations = invocations;
        try {
            this.server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getByName(host), port), 128);
        } catch (java.net.BindException e) {
            throw new IllegalStateException("port " + port + " on " + host + " is in use (" + e.getMessage()
                    + "): stop what holds it, or choose another with --port N or PORT=N");
        }
        server.setExecutor(workers);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            if (LocalInvoke.handles(path)) {
                invokeDirectly(exchange, method, path);
                return;
            }
            if (method.equals("GET") || method.equals("HEAD")) {
                Optional<SiteFiles.File> file = site.find(path);
                // A missing page is answered as CloudFront answers a path no API behaviour takes: 404, the site's page.
                Optional<SiteFiles.File> page = file.isPresent() ? file : site.notFoundPage(path);
                if (page.isPresent()) {
                    SiteDelivery.Answer answer = SiteDelivery.answer(path, page.get(), exchange.getRequestHeaders(),
                            file.isPresent() ? 200 : 404, SITE_HEADERS);
                    send(exchange, answer.status(), answer.headers(), method.equals("HEAD") ? null : answer.body());
                    return;
                }
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                problem(exchange, 413, "Content Too Large", "The body is larger than the API accepts.");
                return;
            }
            Optional<RouteTable.Match> match = routes.match(method, path);
            if (match.isEmpty()) {
                problem(exchange, 404, "Not Found", "There is nothing at this address.");
                return;
            }
            byte[] event = ApiEvents.from(exchange, match.get(), body).json();
            HttpAnswer answer = HttpAnswer.of(match.get().route().function().invoke(event));
            // Under tests only (a no-op otherwise): the exchange held against openapi.yaml, mismatches kept for the test.
            ApiContract.check(ApiExchange.of(LambdaEvents.tree(event), answer));
            write(exchange, answer);
        } catch (RuntimeException failure) {
            // As API Gateway does when an integration fails: a 5xx, with the details only in our log.
            LOG.log(System.Logger.Level.ERROR, "function failed", failure);
            problem(exchange, 502, "Bad Gateway", "The function behind this route failed.");
        }
    }

    /** The local stack's own {@code aws lambda invoke}, never routed by template.yaml (see {@link LocalInvoke}). */
    private void invokeDirectly(HttpExchange exchange, String method, String path) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            problem(exchange, 413, "Content Too Large", "The event is larger than the local stack accepts.");
            return;
        }
        LocalInvoke.Answer answer = invocations.invoke(method, path, exchange.getRemoteAddress().getAddress(), body);
        send(exchange, answer.status(), answer.headers(), answer.body());
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    private static void write(HttpExchange exchange, HttpAnswer answer) throws IOException {
        var headers = exchange.getResponseHeaders();
        answer.headers().forEach(headers::set);
        answer.cookies().forEach(cookie -> headers.add("Set-Cookie", cookie));
        send(exchange, answer.status(), Map.of(), answer.body());
    }

    /** The same problem+json the functions answer with (core's {@link Problems}), for what fails before a function. */
    private static void problem(HttpExchange exchange, int status, String title, String detail) throws IOException {
        ApiResponse problem = Problems.response(status, title, detail);
        send(exchange, status, problem.headers(), problem.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        boolean empty = body == null || body.length == 0 || status == 204 || status == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
