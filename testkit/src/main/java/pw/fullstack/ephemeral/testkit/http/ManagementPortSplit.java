package pw.fullstack.ephemeral.testkit.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The split every service keeps between its two ports: health, metrics and the service's ops listing
 * answer on Quarkus' management interface ({@code quarkus.management.port}) and on no path of the main
 * port, which for github-bridge is the internet-facing webhook port.
 */
public final class ManagementPortSplit {

    private static final List<String> HEALTH = List.of("/q/health", "/q/health/ready", "/q/health/live");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ManagementPortSplit() {
    }

    /**
     * Every health path answers (UP or DOWN) and {@code /q/metrics} and each ops path answer 200 on the
     * management port, and each of them answers 404 on the main port.
     *
     * @throws AssertionError naming the first port and path that answer otherwise
     */
    public static void assertServedOnlyByTheManagementPort(int mainPort, int managementPort, String... opsPaths) {
        List<String> served = new ArrayList<>(List.of("/q/metrics"));
        served.addAll(List.of(opsPaths));
        for (String path : HEALTH) {
            expect(mainPort, path, Set.of(404));
            expect(managementPort, path, Set.of(200, 503));
        }
        for (String path : served) {
            expect(mainPort, path, Set.of(404));
            expect(managementPort, path, Set.of(200));
        }
    }

    private static void expect(int port, String path, Set<Integer> statuses) {
        URI uri = URI.create("http://localhost:" + port + path);
        int status;
        try {
            status = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (!statuses.contains(status)) {
            throw new AssertionError("GET " + uri + " answered " + status + ", expected " + statuses);
        }
    }
}
