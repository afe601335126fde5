package pw.fullstack.ephemeral.notifier.comment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.json.EventJson;

/**
 * The hidden parts of the notifier's comment: a first line that identifies it
 * ({@code <!-- ephemeral-clusters:notifier cluster=<name> run=<id> -->}) and a last line that stores
 * the {@link StoredState} as base64 JSON (HTML comments are not rendered; base64 has no {@code -} or
 * {@code >}, so it cannot end the HTML comment). A comment is ours only if it carries the marker for
 * this cluster <em>and</em> was written by the notifier's own login: anyone can paste a marker.
 */
public final class CommentMarker {

    private static final String PREFIX = "<!-- ephemeral-clusters:notifier cluster=";
    private static final Pattern STATE = Pattern.compile("<!-- ephemeral-clusters:state v1 ([A-Za-z0-9+/=]+) -->");
    private static final ObjectMapper JSON = EventJson.mapper();

    private CommentMarker() {
    }

    public static String marker(String clusterName, String runId) {
        return PREFIX + clusterName + " run=" + runId + " -->";
    }

    public static String stateLine(StoredState state) {
        try {
            byte[] json = JSON.writeValueAsBytes(state);
            return "<!-- ephemeral-clusters:state v1 " + Base64.getEncoder().encodeToString(json) + " -->";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored state is always serialisable", e);
        }
    }

    /** Whether {@code body} is the notifier's comment for this cluster (the author is checked by the caller). */
    public static boolean isFor(String body, String clusterName) {
        return body != null && body.contains(PREFIX + clusterName + " ");
    }

    /** The stored state; empty when absent or unreadable (then the comment is rebuilt from the events). */
    public static Optional<StoredState> state(String body) {
        if (body == null) {
            return Optional.empty();
        }
        Matcher m = STATE.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            String json = new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
            return Optional.ofNullable(JSON.readValue(json, StoredState.class));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
