package pw.fullstack.ephemeral.notifier.github;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import pw.fullstack.ephemeral.notifier.auth.GitHubCredentials;

/**
 * The GitHub operations of one repository, authenticated: every call carries the credentials'
 * {@code Authorization} header, and a 401 renews the credential once and repeats the call (an
 * installation token may expire or be revoked before its cached expiry).
 */
public final class GitHubRepository {

    private final String owner;
    private final String name;
    private final GitHubClient client;
    private final GitHubCredentials credentials;
    private final int pageSize;

    public GitHubRepository(String ownerSlashName, GitHubClient client, GitHubCredentials credentials, int pageSize) {
        int slash = ownerSlashName.indexOf('/');
        this.owner = ownerSlashName.substring(0, slash);
        this.name = ownerSlashName.substring(slash + 1);
        this.client = client;
        this.credentials = credentials;
        this.pageSize = Math.max(1, Math.min(100, pageSize));
    }

    /** A comment of the notifier: its id, its page URL, its body. */
    public record FoundComment(long id, String htmlUrl, String body) {
    }

    public String botLogin() {
        return credentials.botLogin(owner, name);
    }

    public String lane() {
        return credentials.lane(owner);
    }

    /**
     * The oldest comment on the PR that carries {@code marker} and was written by the notifier's own
     * login, looked up page by page ({@code Link: rel="next"}).
     */
    public Optional<FoundComment> findComment(int number, java.util.function.Predicate<String> isOurs) {
        String login = botLogin();
        for (int page = 1; ; page++) {
            int current = page;
            GitHubReply reply = call("list-comments", auth -> client.api().listComments(auth, owner, name, number, pageSize, current));
            for (JsonNode comment : reply.body()) {
                if (login.equalsIgnoreCase(comment.path("user").path("login").asText())
                        && isOurs.test(comment.path("body").asText(null))) {
                    return Optional.of(new FoundComment(comment.path("id").asLong(), comment.path("html_url").asText(),
                            comment.path("body").asText()));
                }
            }
            if (!LinkHeader.hasNext(reply.header("link"))) {
                return Optional.empty();
            }
        }
    }

    public FoundComment createComment(int number, String body) {
        JsonNode created = call("create-comment", auth -> client.api().createComment(auth, owner, name, number, Map.of("body", body))).body();
        return new FoundComment(created.path("id").asLong(), created.path("html_url").asText(), body);
    }

    public void updateComment(long id, String body) {
        call("update-comment", auth -> client.api().updateComment(auth, owner, name, id, Map.of("body", body)));
    }

    /** A deployment of this environment created by the notifier's login whose payload names the run. */
    public Optional<Long> findDeployment(String environment, String runId) {
        String login = botLogin();
        for (int page = 1; ; page++) {
            int current = page;
            GitHubReply reply = call("list-deployments", auth -> client.api().listDeployments(auth, owner, name, environment,
                    pageSize, current));
            for (JsonNode deployment : reply.body()) {
                if (login.equalsIgnoreCase(deployment.path("creator").path("login").asText())
                        && runId.equals(deployment.path("payload").path("run_id").asText(null))) {
                    return Optional.of(deployment.path("id").asLong());
                }
            }
            if (!LinkHeader.hasNext(reply.header("link"))) {
                return Optional.empty();
            }
        }
    }

    public long createDeployment(String ref, String environment, Map<String, Object> payload, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", ref);
        body.put("environment", environment);
        body.put("description", description);
        body.put("payload", payload);
        body.put("transient_environment", true);
        body.put("production_environment", false);
        body.put("auto_merge", false);
        body.put("required_contexts", java.util.List.of());
        return call("create-deployment", auth -> client.api().createDeployment(auth, owner, name, body)).body().path("id").asLong();
    }

    public void createDeploymentStatus(long deployment, String state, String description, String environmentUrl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state);
        body.put("description", description);
        if (environmentUrl != null) {
            body.put("environment_url", environmentUrl);
        }
        // A transient environment's old deployments are marked inactive by the notifier itself, per run.
        body.put("auto_inactive", false);
        call("create-deployment-status", auth -> client.api().createDeploymentStatus(auth, owner, name, deployment, body));
    }

    public void dispatch(String eventType, Map<String, Object> clientPayload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event_type", eventType);
        body.put("client_payload", clientPayload);
        call("repository-dispatch", auth -> client.api().dispatch(auth, owner, name, body));
    }

    private GitHubReply call(String operation, Function<String, Response> request) {
        String lane = credentials.lane(owner);
        try {
            String auth = credentials.authorization(owner, name);
            return client.send(operation, lane, () -> request.apply(auth));
        } catch (GitHubException.Unauthorized refused) {
            credentials.invalidate(owner);
            String renewed = credentials.authorization(owner, name);
            return client.send(operation, lane, () -> request.apply(renewed));
        }
    }
}
