package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * A PR waiting for a block, with what is needed to emit its IpAllocated later without the
 * original PrOpened: the saga id (its correlation id) and the PrOpened's id (so the IpAllocated
 * has the same deterministic id whether it was emitted at once or after waiting).
 */
public record QueueEntry(ClusterName cluster, PullRequestRef pullRequest, BranchName branch, CommitSha headSha,
                         EnvironmentOptions options, String sagaId, String requestId, Instant openedAt,
                         Instant queuedAt) {

    public static QueueEntry of(AllocationRequest request, Instant queuedAt) {
        PrOpened pr = request.event();
        return new QueueEntry(pr.clusterName(), pr.pullRequest(), pr.branch(), pr.headSha(), pr.options(), request.sagaId(),
                request.requestId(), pr.openedAt(), queuedAt);
    }

    public AllocationRequest toRequest() {
        return AllocationRequest.fromQueue(this);
    }

    Map<String, Object> toVault() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster.value());
        m.put("pr", pullRequest.repository().toString());
        m.put("number", pullRequest.number());
        m.put("branch", branch.value());
        m.put("headSha", headSha.value());
        m.put("install_postgres", options.installPostgres());
        m.put("saga", sagaId);
        m.put("request", requestId);
        m.put("openedAt", openedAt.toString());
        m.put("queuedAt", queuedAt.toString());
        return m;
    }

    static QueueEntry fromVault(Map<?, ?> m) {
        return new QueueEntry(ClusterName.of(str(m, "cluster")),
                PullRequestRef.of(str(m, "pr"), Integer.parseInt(str(m, "number"))),
                BranchName.of(str(m, "branch")), CommitSha.of(str(m, "headSha")),
                new EnvironmentOptions(Boolean.parseBoolean(str(m, "install_postgres"))),
                str(m, "saga"), str(m, "request"), Instant.parse(str(m, "openedAt")),
                Instant.parse(str(m, "queuedAt")));
    }

    private static String str(Map<?, ?> m, String key) {
        Object value = m.get(key);
        if (value == null) {
            throw new IllegalStateException("queue entry without " + key + ": " + m.keySet());
        }
        return value.toString();
    }
}
