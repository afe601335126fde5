package pw.fullstack.ephemeral.sandbox.board;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

/**
 * Folds the lifecycle topic into one row per PR: its latest saga run, by the same order the services
 * use ({@link SagaRun}: GitHub's openedAt, then the run id), so a reopened PR's row follows the new
 * run. A PrClosed belongs to the PR, not to a run: it marks the row if the row's run was opened at
 * or before the close. Events of any other run are counted but do not move the row; a repeated
 * event id is counted as a duplicate and ignored. Not thread-safe; the watcher feeds it from one
 * thread and hands out snapshots.
 */
public final class PrBoard {

    private final Map<String, PrRow> rows = new LinkedHashMap<>();
    private final Set<String> seenIds = new HashSet<>();
    private final Map<EventType, Integer> counts = new LinkedHashMap<>();
    private int duplicates;

    public void apply(EventEnvelope<LifecycleEvent> envelope) {
        if (!seenIds.add(envelope.id())) {
            duplicates++;
            return;
        }
        counts.merge(envelope.type(), 1, Integer::sum);
        String key = envelope.subject();
        Instant at = envelope.time().toInstant();
        PrRow row = rows.get(key);
        LifecycleEvent event = envelope.data();
        if (event instanceof PrOpened opened) {
            SagaRun run = new SagaRun(envelope.correlationId(), opened.openedAt());
            if (row == null || run.supersedes(row.run())) {
                rows.put(key, new PrRow(opened.pullRequest(), opened.clusterName(), envelope.correlationId(),
                        Stage.OPENED, List.of(), 0, opened.openedAt(), at, "", false, null));
            }
            return;
        }
        if (event instanceof PrClosed closed) {
            if (row != null && row.run().endedByCloseAt(closed.closedAt())) {
                rows.put(key, row.markClosed().advance(row.stage(), at));
            }
            return;
        }
        if (row == null || !row.correlationId().equals(envelope.correlationId())) {
            return;
        }
        rows.put(key, next(row, event, at));
    }

    private static PrRow next(PrRow row, LifecycleEvent event, Instant at) {
        // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed type.
        if (event instanceof AllocationQueued queued) {
            return row.advance(Stage.QUEUED, at).withQueuePosition(queued.position());
        } else if (event instanceof IpAllocated allocated) {
            return row.advance(Stage.ALLOCATED, at).withAddresses(allocated.addresses());
        } else if (event instanceof ClusterReady ready) {
            return row.advance(Stage.INSTALLING, at).withDetail(ready.dnsName()).withInstallingAt(at);
        } else if (event instanceof PhasesInstalled installed) {
            String warnings = installed.warnings().isEmpty() ? "" : " (" + String.join("; ", installed.warnings()) + ")";
            return row.advance(Stage.READY, at).withDetail(installed.environmentUrl() + warnings);
        } else if (event instanceof ProvisioningFailed failed) {
            return row.advance(Stage.FAILED, at).withDetail(failed.reason());
        } else if (event instanceof InstallFailed failed) {
            return row.advance(Stage.FAILED, at).withDetail(failed.phase() + "/" + failed.step() + ": " + failed.reason());
        } else if (event instanceof ClusterExpired expired) {
            return row.advance(Stage.EXPIRED, at).withDetail(expired.reason().wireName());
        } else if (event instanceof ClusterDestroyed destroyed) {
            return row.advance(Stage.DESTROYED, at).withDetail(destroyed.reason().wireName());
        } else if (event instanceof IpReleased) {
            return row.advance(Stage.RELEASED, at);
        }
        return row;
    }

    /** Rows in the order their PRs were first seen. */
    public List<PrRow> rows() {
        return new ArrayList<>(rows.values());
    }

    public List<PrRow> rowsByStage(Stage stage) {
        return rows.values().stream().filter(r -> r.stage() == stage).toList();
    }

    public List<PrRow> queue() {
        return rows.values().stream().filter(r -> r.stage() == Stage.QUEUED)
                .sorted(Comparator.comparingInt(PrRow::queuePosition).thenComparing(PrRow::changedAt)).toList();
    }

    public int count(EventType type) {
        return counts.getOrDefault(type, 0);
    }

    public int duplicates() {
        return duplicates;
    }

    public int distinctEvents() {
        return seenIds.size();
    }
}
