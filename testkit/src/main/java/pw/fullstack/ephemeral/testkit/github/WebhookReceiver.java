package pw.fullstack.ephemeral.testkit.github;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for whatever receives a {@link Webhook}'s deliveries, for tests of the double and of
 * code that reads the deliveries API: it answers every POST with the status it is told (200 at
 * first) and {@code {"ok":true}}, and keeps what it received.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One delivery received: headers (names lower-cased) and body. */
    public record Request(Map<String, String> headers, String body) {

        public Request {
            headers = Map.copyOf(headers);
        }
    }

    private final HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
                requests.add(new Request(headers, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                byte[] reply = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.get(), reply.length);
                exchange.getResponseBody().write(reply);
            }
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/github/webhook");
    }

    /** The status every following delivery gets. */
    public void answer(int code) {
        status.set(code);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
