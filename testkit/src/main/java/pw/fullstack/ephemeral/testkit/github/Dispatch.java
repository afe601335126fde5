package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;
import java.util.Map;

/** A {@code repository_dispatch} the double accepted. */
public record Dispatch(String repository, String eventType, Map<String, Object> clientPayload, String senderLogin,
                       Instant at) {

    public Dispatch {
        clientPayload = clientPayload == null ? Map.of() : clientPayload;
    }
}
