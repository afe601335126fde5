package pw.fullstack.ephemeral.notifier.timeline;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

/**
 * What the PR's comment shows: its current saga run, and when each phase of that run happened. Kept
 * (as JSON) in the comment itself, so a restarted notifier continues from GitHub.
 *
 * @param repository      {@code owner/name}
 * @param headSha         the PR's head commit: PrOpened's (absent when the PR came through the seed's
 *                        dispatch), then the newest PrUpdated's
 * @param headUpdatedAt   GitHub's time of the newest PrUpdated applied; null before any
 * @param appliedEventIds ids of the events folded in (the run's events, and closes), for idempotency
 */
public record PrTimeline(String repository, int number, String clusterName, String runId, Instant openedAt,
                         String branch, String headSha, Instant headUpdatedAt,
                         Instant queuedAt, Integer queuePosition, Integer poolCapacity,
                         Instant allocatedAt, String dnsName,
                         Instant readyAt, VaultSecretRef kubeconfig,
                         Instant installedAt, String installedEventId, URI environmentUrl,
                         Instant closedAt, Boolean merged,
                         Instant expiredAt, String expiryReason, Instant expiryDeadline,
                         Instant destroyedAt, String destroyReason,
                         Instant failedAt, String failedStep, String failureReason,
                         List<String> appliedEventIds) {

    /** Enough to know every id a run can see (a run has about a dozen events); older ids fall out first. */
    static final int MAX_REMEMBERED_IDS = 64;

    public PrTimeline {
        appliedEventIds = appliedEventIds == null ? List.of() : List.copyOf(appliedEventIds);
    }

    public SagaRun run() {
        return new SagaRun(runId, openedAt);
    }

    public boolean applied(String eventId) {
        return appliedEventIds.contains(eventId);
    }

    public boolean closed() {
        return closedAt != null;
    }

    public boolean destroyed() {
        return destroyedAt != null;
    }

    public boolean failed() {
        return failedAt != null;
    }

    public boolean installed() {
        return installedAt != null;
    }

    PrTimeline remember(String eventId) {
        List<String> ids = new ArrayList<>(appliedEventIds);
        ids.add(eventId);
        while (ids.size() > MAX_REMEMBERED_IDS) {
            ids.remove(0);
        }
        return with().appliedEventIds(ids).build();
    }

    Builder with() {
        return new Builder(this);
    }

    /** Copy-with for a record of many fields; only the timeline's own decisions use it. */
    static final class Builder {
        private String repository;
        private int number;
        private String clusterName;
        private String runId;
        private Instant openedAt;
        private String branch;
        private String headSha;
        private Instant headUpdatedAt;
        private Instant queuedAt;
        private Integer queuePosition;
        private Integer poolCapacity;
        private Instant allocatedAt;
        private String dnsName;
        private Instant readyAt;
        private VaultSecretRef kubeconfig;
        private Instant installedAt;
        private String installedEventId;
        private URI environmentUrl;
        private Instant closedAt;
        private Boolean merged;
        private Instant expiredAt;
        private String expiryReason;
        private Instant expiryDeadline;
        private Instant destroyedAt;
        private String destroyReason;
        private Instant failedAt;
        private String failedStep;
        private String failureReason;
        private List<String> appliedEventIds = List.of();

        Builder() {
        }

        Builder(PrTimeline t) {
            repository = t.repository;
            number = t.number;
            clusterName = t.clusterName;
            runId = t.runId;
            openedAt = t.openedAt;
            branch = t.branch;
            headSha = t.headSha;
            headUpdatedAt = t.headUpdatedAt;
            queuedAt = t.queuedAt;
            queuePosition = t.queuePosition;
            poolCapacity = t.poolCapacity;
            allocatedAt = t.allocatedAt;
            dnsName = t.dnsName;
            readyAt = t.readyAt;
            kubeconfig = t.kubeconfig;
            installedAt = t.installedAt;
            installedEventId = t.installedEventId;
            environmentUrl = t.environmentUrl;
            closedAt = t.closedAt;
            merged = t.merged;
            expiredAt = t.expiredAt;
            expiryReason = t.expiryReason;
            expiryDeadline = t.expiryDeadline;
            destroyedAt = t.destroyedAt;
            destroyReason = t.destroyReason;
            failedAt = t.failedAt;
            failedStep = t.failedStep;
            failureReason = t.failureReason;
            appliedEventIds = t.appliedEventIds;
        }

        Builder pr(String repository, int number, String clusterName) {
            this.repository = repository;
            this.number = number;
            this.clusterName = clusterName;
            return this;
        }

        Builder run(String runId, Instant openedAt, String branch, String headSha) {
            this.runId = runId;
            this.openedAt = openedAt;
            this.branch = branch;
            this.headSha = headSha;
            return this;
        }

        Builder head(String newBranch, String sha, Instant at) {
            branch = newBranch;
            headSha = sha;
            headUpdatedAt = at;
            return this;
        }

        Builder queued(Instant at, int position, int capacity) {
            queuedAt = at;
            queuePosition = position;
            poolCapacity = capacity;
            return this;
        }

        Builder allocated(Instant at, String dns) {
            allocatedAt = at;
            dnsName = dns;
            return this;
        }

        Builder ready(Instant at, VaultSecretRef ref, String dns) {
            readyAt = at;
            kubeconfig = ref;
            dnsName = dns;
            return this;
        }

        Builder installed(Instant at, String eventId, URI url) {
            installedAt = at;
            installedEventId = eventId;
            environmentUrl = url;
            return this;
        }

        Builder closed(Instant at, boolean wasMerged) {
            closedAt = at;
            merged = wasMerged;
            return this;
        }

        Builder expired(Instant at, String reason, Instant deadline) {
            expiredAt = at;
            expiryReason = reason;
            expiryDeadline = deadline;
            return this;
        }

        Builder destroyed(Instant at, String reason) {
            destroyedAt = at;
            destroyReason = reason;
            return this;
        }

        Builder failed(Instant at, String step, String reason) {
            failedAt = at;
            failedStep = step;
            failureReason = reason;
            return this;
        }

        Builder appliedEventIds(List<String> ids) {
            appliedEventIds = ids;
            return this;
        }

        PrTimeline build() {
            return new PrTimeline(repository, number, clusterName, runId, openedAt, branch, headSha, headUpdatedAt, queuedAt, queuePosition,
                    poolCapacity, allocatedAt, dnsName, readyAt, kubeconfig, installedAt, installedEventId, environmentUrl,
                    closedAt, merged, expiredAt, expiryReason, expiryDeadline, destroyedAt, destroyReason, failedAt,
                    failedStep, failureReason, appliedEventIds);
        }
    }
}
