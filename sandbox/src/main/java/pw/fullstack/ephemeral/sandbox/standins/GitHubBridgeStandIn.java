package pw.fullstack.ephemeral.sandbox.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.scenario.Waits;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;

/**
 * Plays GitHub for the sandbox: keeps each pull request's state (created, closed, reopened, its head
 * commit) and tells the github-bridge about every change with a signed {@code pull_request} webhook
 * delivery, as an organisation webhook would — {@code X-GitHub-Event}, a fresh
 * {@code X-GitHub-Delivery}, {@code X-Hub-Signature-256} over the exact body bytes, a JSON payload
 * with GitHub's field names. What the saga sees is what the real bridge published.
 *
 * <p>A delivery the bridge answers 503 is redelivered with the same delivery id, as someone pressing
 * "Redeliver" in GitHub would, a bounded number of times; any other failure is an error. GitHub's
 * times have second precision; the stand-in sends milliseconds, so that a scripted close and reopen
 * within one second keep their order.
 */
public final class GitHubBridgeStandIn {

    /** The source the bridge stamps on what it publishes. */
    public static final URI SOURCE = URI.create("/ephemeral-clusters/github-bridge");
    private static final int REDELIVERIES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI webhook;
    private final String secret;
    private final GitHubDouble api;
    private final Map<PullRequestRef, PullRequestState> pullRequests = new HashMap<>();

    /** A PR as GitHub knows it. */
    private record PullRequestState(String branch, String headSha, Instant createdAt, Instant updatedAt,
                                    Instant closedAt) {
    }

    /** The bridge refused a delivery: its status and its reason (already safe to show). */
    public static final class DeliveryRefused extends RuntimeException {

        private final int status;

        DeliveryRefused(int status, String reason) {
            super("the bridge answered " + status + ": " + reason);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** Opening an open PR, closing one that is not open: GitHub would not send that. */
    public static final class PullRequestConflict extends RuntimeException {

        PullRequestConflict(String message) {
            super(message);
        }
    }

    public GitHubBridgeStandIn(URI webhook, String secret) {
        this(webhook, secret, null);
    }

    /**
     * With {@code api}, GitHub's REST API as the notifier sees it: a PR opened here exists there (with
     * the sandbox's GitHub App installed on its owner) before its webhook is delivered, as on GitHub.
     */
    public GitHubBridgeStandIn(URI webhook, String secret, GitHubDouble api) {
        this.webhook = webhook;
        this.secret = secret;
        this.api = api;
    }

    /**
     * Opens the PR — or reopens it, if it was opened and closed before — and returns the PrOpened the
     * bridge published (its id and correlation id as the bridge derived them from the delivery).
     */
    public synchronized EventEnvelope<PrOpened> open(PullRequestRef pr, String branch) {
        Instant now = now();
        PullRequestState known = pullRequests.get(pr);
        boolean reopen = known != null && known.closedAt() != null;
        if (known != null && !reopen) {
            throw new PullRequestConflict(pr + " is already open");
        }
        PullRequestState state = reopen
                ? new PullRequestState(known.branch(), known.headSha(), known.createdAt(), now, null)
                : new PullRequestState(branch, headSha(pr, branch), now, now, null);
        if (api != null) {
            api.installation(installationId(pr.repository().owner()), pr.repository().owner());
            api.pullRequest(pr.repository().toString(), pr.number());
        }
        JsonNode reply = deliver(payload(reopen ? "reopened" : "opened", pr, state));
        pullRequests.put(pr, state);
        PrOpened opened = new PrOpened(pr, ClusterName.of(reply.path("cluster").asText()), BranchName.of(state.branch()),
                CommitSha.of(state.headSha()), EnvironmentOptions.defaults(), reopen ? state.updatedAt() : state.createdAt());
        return envelope(reply, opened, opened.openedAt());
    }

    /** Closes the open PR (not merged) and returns the PrClosed the bridge published. */
    public synchronized EventEnvelope<PrClosed> close(PullRequestRef pr) {
        PullRequestState known = pullRequests.get(pr);
        if (known == null || known.closedAt() != null) {
            throw new PullRequestConflict(pr + " is not open");
        }
        Instant now = now();
        PullRequestState state = new PullRequestState(known.branch(), known.headSha(), known.createdAt(), now, now);
        JsonNode reply = deliver(payload("closed", pr, state));
        pullRequests.put(pr, state);
        PrClosed closed = new PrClosed(pr, ClusterName.of(reply.path("cluster").asText()), false, now);
        return envelope(reply, closed, now);
    }

    private static <E extends LifecycleEvent> EventEnvelope<E> envelope(
            JsonNode reply, E event, Instant at) {
        String id = reply.path("id").asText();
        return new EventEnvelope<>(id, SOURCE, at.atOffset(ZoneOffset.UTC), id, null, event);
    }

    /** One installation of the sandbox's GitHub App per account, with a stable id. */
    static long installationId(String owner) {
        return 1_000 + Math.floorMod(owner.toLowerCase(java.util.Locale.ROOT).hashCode(), 1_000_000);
    }

    /** The fields of GitHub's {@code pull_request} payload (a subset of what GitHub sends, same names and shapes). */
    private static ObjectNode payload(String action, PullRequestRef pr, PullRequestState state) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", action);
        payload.put("number", pr.number());
        ObjectNode pull = payload.putObject("pull_request");
        pull.put("url", "https://api.github.com/repos/" + pr.repository() + "/pulls/" + pr.number());
        pull.put("html_url", "https://github.com/" + pr.repository() + "/pull/" + pr.number());
        pull.put("number", pr.number());
        pull.put("state", state.closedAt() == null ? "open" : "closed");
        pull.put("locked", false);
        pull.put("title", "Sandbox change #" + pr.number());
        pull.putObject("user").put("login", "sandbox-dev").put("type", "User");
        pull.putNull("body");
        pull.put("created_at", time(state.createdAt()));
        pull.put("updated_at", time(state.updatedAt()));
        if (state.closedAt() == null) {
            pull.putNull("closed_at");
        } else {
            pull.put("closed_at", time(state.closedAt()));
        }
        pull.putNull("merged_at");
        pull.put("draft", false);
        pull.put("merged", false);
        pull.putArray("labels");
        ObjectNode head = pull.putObject("head");
        head.put("label", pr.repository().owner() + ":" + state.branch());
        head.put("ref", state.branch());
        head.put("sha", state.headSha());
        head.set("repo", repository(pr));
        ObjectNode base = pull.putObject("base");
        base.put("label", pr.repository().owner() + ":main");
        base.put("ref", "main");
        base.put("sha", headSha(pr, "main"));
        base.set("repo", repository(pr));
        payload.set("repository", repository(pr));
        payload.putObject("sender").put("login", "sandbox-dev").put("type", "User");
        return payload;
    }

    private static ObjectNode repository(PullRequestRef pr) {
        ObjectNode repo = JSON.createObjectNode();
        repo.put("name", pr.repository().name());
        repo.put("full_name", pr.repository().toString());
        repo.put("private", false);
        repo.putObject("owner").put("login", pr.repository().owner()).put("type", "Organization");
        repo.put("default_branch", "main");
        return repo;
    }

    /** Sends the delivery; a 503 is redelivered with the same delivery id. Returns the bridge's JSON reply. */
    private JsonNode deliver(ObjectNode payload) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String delivery = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/sandbox")
                .header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = send(request);
            if (response.statusCode() == 200) {
                return read(response.body());
            }
            if (response.statusCode() != 503 || attempt > REDELIVERIES) {
                String reason = response.statusCode() == 204
                        ? response.headers().firstValue("X-Bridge-Outcome").orElse("ignored")
                        : read(response.body()).path("message").asText(response.body());
                throw new DeliveryRefused(response.statusCode(), reason);
            }
            Waits.pause();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("the github-bridge at " + request.uri() + " is not reachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private String signature(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String headSha(PullRequestRef pr, String branch) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((pr + "@" + branch).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String time(Instant instant) {
        return instant.toString();
    }
}
