package pw.fullstack.ephemeral.notifier.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** A successful GitHub answer: status, headers (names lower-cased) and the JSON body (null for 204). */
public record GitHubReply(int status, Map<String, String> headers, JsonNode body) {

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
