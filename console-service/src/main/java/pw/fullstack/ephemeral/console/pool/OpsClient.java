package pw.fullstack.ephemeral.console.pool;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GET of an ops listing on another service's management interface, read as JSON. */
final class OpsClient {

    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    OpsClient(ObjectMapper json, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.json = json;
        this.timeout = timeout;
    }

    <T> OpsReading<T> get(URI base, String path, Class<T> type) {
        URI uri = base.resolve(path);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return OpsReading.failed("GET " + uri + " answered " + response.statusCode());
            }
            return OpsReading.of(json.readValue(response.body(), type));
        } catch (IOException e) {
            return OpsReading.failed("GET " + uri + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OpsReading.failed("interrupted");
        }
    }
}
