package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the double received, as it arrived, and the status it answered. Tests assert on the
 * traffic (for example that no secret ever appears in a request body).
 *
 * @param headers header names lower-cased; the {@code authorization} value is kept, so a test can
 *                check which credentials were used
 */
public record RecordedRequest(Instant at, String method, String path, String query, Map<String, List<String>> headers,
                              String body, int status) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
        query = query == null ? "" : query;
        body = body == null ? "" : body;
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether this was a write: POST, PATCH, PUT or DELETE. */
    public boolean isWrite() {
        return !method.equals("GET") && !method.equals("HEAD");
    }
}
