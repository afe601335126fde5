package pw.fullstack.ephemeral.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {

    private HttpServer management;

    @AfterEach
    void stop() {
        if (management != null) {
            management.stop(0);
        }
    }

    @Test
    void bothPortsListenOnLoopbackOnlyTheManagementInterfaceOnAPortOfItsOwn() {
        ServiceProcess service = new ServiceProcess("reaper-service", Path.of("quarkus-run.jar"), Map.of(), 18080, 19000,
                Path.of("logs"));

        assertThat(service.command()).contains("-Dquarkus.http.port=18080", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=19000", "-Dquarkus.management.host=127.0.0.1");
        assertThat(service.management("/expiries")).hasToString("http://127.0.0.1:19000/expiries");
    }

    /** The services serve /q/metrics on the management interface only; the main port answers 404 there. */
    @Test
    void countersAreReadFromTheManagementPort() throws IOException {
        management = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        management.createContext("/q/metrics", exchange -> {
            byte[] body = "reaper_passes_total{outcome=\"ok\"} 7.0\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        management.start();
        ServiceProcess service = new ServiceProcess("reaper-service", Path.of("quarkus-run.jar"), Map.of(),
                FreePorts.next(), management.getAddress().getPort(), Path.of("logs"));

        assertThat(service.counter("reaper_passes_total", "outcome=\"ok\"")).isEqualTo(7.0);
    }
}
