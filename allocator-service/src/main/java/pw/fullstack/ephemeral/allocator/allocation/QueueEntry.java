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
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

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

    public SagaRun run() {
        return new SagaRun(sagaId, openedAt);
    }

    Map<String, Object> toVault() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster.value());
        m.put("pr", pullRequest.repository().toString());
        m.put("number", pullRequest.number());
        m.put("branch", branch.value());
        if (headSha != null) {
            m.put("headSha", headSha.value());
        }
        m.put("install_postgres", options.installPostgres());
        m.put("saga", sagaId);
        m.put("request", requestId);
        m.put("openedAt", openedAt.toString());
        m.put("queuedAt", queuedAt.toString());
        return m;
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    static QueueEntry fromVault(Object raw) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("entry is not an object");
        }
        VaultFields f = new VaultFields(m);
        Object number = m.get("number");
        if (!(number instanceof Number) && !(number instanceof String)) {
            throw new IllegalArgumentException("field number is missing or not a number");
        }
        Object postgres = m.get("install_postgres");
        return new QueueEntry(
                VaultFields.parse("cluster", () -> ClusterName.of(f.requiredText("cluster"))),
                VaultFields.parse("pr", () -> PullRequestRef.of(f.requiredText("pr"), parseNumber(number))),
                VaultFields.parse("branch", () -> BranchName.of(f.requiredText("branch"))),
                VaultFields.parse("headSha", () -> f.text("headSha") == null ? null : CommitSha.of(f.text("headSha"))),
                new EnvironmentOptions(Boolean.TRUE.equals(postgres) || "true".equals(postgres)),
                f.requiredText("saga"), f.requiredText("request"),
                required("openedAt", f.instant("openedAt")), required("queuedAt", f.instant("queuedAt")));
    }

    private static int parseNumber(Object number) {
        try {
            return number instanceof Number n ? n.intValue() : Integer.parseInt((String) number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field number is not a number");
        }
    }

    private static Instant required(String field, Instant value) {
        if (value == null) {
            throw new IllegalArgumentException("field " + field + " is missing");
        }
        return value;
    }
}
