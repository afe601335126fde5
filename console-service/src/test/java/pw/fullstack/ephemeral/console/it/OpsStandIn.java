package pw.fullstack.ephemeral.console.it;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The allocator's {@code GET /pool} and the reaper's {@code GET /expiries} on one loopback port, answering the JSON a
 * test sets, in the shape allocator-service api/PoolResource and reaper-service api/ExpiriesResource write.
 */
public class OpsStandIn implements QuarkusTestResourceLifecycleManager {

    static volatile String pool = "{\"total\":4,\"free\":4,\"addressesPerCluster\":2,\"ranges\":[\"10.0.0.1-10.0.0.8\"],"
            + "\"excluded\":[],\"allocations\":[],\"queue\":[]}";
    static volatile String expiries = "{\"now\":\"2026-12-06T10:00:00Z\",\"dryRun\":false,\"expiries\":[]}";
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/pool", exchange -> answer(exchange, pool));
        server.createContext("/expiries", exchange -> answer(exchange, expiries));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("console.allocator-url", url, "console.reaper-url", url);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
