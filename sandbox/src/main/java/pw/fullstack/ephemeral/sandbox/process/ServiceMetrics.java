package pw.fullstack.ephemeral.sandbox.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a counter from a service's Prometheus endpoint, {@code /q/metrics}. */
public final class ServiceMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceMetrics() {
    }

    /** The sum of the series of {@code name} whose labels contain {@code labelFragment}; 0 if none yet. */
    public static double counter(ServiceProcess service, String name, String labelFragment) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            String body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return body.lines()
                    .filter(line -> line.startsWith(name + "{") && line.contains(labelFragment))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the metrics of " + service.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
