package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A deployment with its statuses, oldest status first.
 *
 * @param payload the payload as created (an object, or a string when the client sent a string)
 */
public record Deployment(long id, String repository, String ref, String sha, String task, String environment,
                         String description, boolean transientEnvironment, boolean productionEnvironment,
                         Object payload, String creatorLogin, Instant createdAt, List<Status> statuses) {

    public Deployment {
        statuses = List.copyOf(statuses);
    }

    /** The state of the latest status, or null when none was created. */
    public String latestState() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).state();
    }

    public List<String> states() {
        return statuses.stream().map(Status::state).toList();
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> payloadObject() {
        return payload instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    public record Status(long id, String state, String description, String environmentUrl, String logUrl,
                         String creatorLogin, Instant createdAt) {
    }
}
