package pw.fullstack.ephemeral.provisioner.provisioning;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.ToolsCluster;
import pw.fullstack.ephemeral.messaging.RefusedEventException;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Adopt;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.AwaitNamespaceGone;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.AwaitTeardown;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Create;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Ignore;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.OnAllocated;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Refuse;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterLocks;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;
import pw.fullstack.ephemeral.provisioner.reconcile.ProvisionerMetrics;
import pw.fullstack.ephemeral.provisioner.reconcile.Reconciler;
import pw.fullstack.ephemeral.provisioner.vault.PendingRuns;
import pw.fullstack.ephemeral.provisioner.vault.PendingRuns.PendingRun;
import pw.fullstack.ephemeral.provisioner.vault.RunTombstones;
import pw.fullstack.ephemeral.templates.TemplateException;

/**
 * IpAllocated → decide who owns the cluster ({@link Ownership}), then apply the Cluster API objects,
 * hand a live cluster to a reopened PR's newer run, queue that run behind a teardown in progress, or
 * do nothing; then return. Readiness is the reconcile loop's business.
 */
@ApplicationScoped
public class ProvisioningService {

    private static final Logger LOG = Logger.getLogger(ProvisioningService.class);

    @Inject
    ProvisionerConfig config;

    @Inject
    ToolsCluster tools;

    @Inject
    ClusterApplier applier;

    @Inject
    RunTombstones tombstones;

    @Inject
    Reconciler reconciler;

    @Inject
    LifecyclePublisher publisher;

    @Inject
    ProvisionerMetrics metrics;

    @Inject
    ClusterLocks locks;

    @Inject
    PendingRuns pendingRuns;

    @Inject
    pw.fullstack.ephemeral.leadership.Leadership leadership;

    /** @throws RefusedEventException after compensating, when the event must go to the dead-letter topic */
    public void provision(EventEnvelope<IpAllocated> envelope) {
        String name = envelope.data().clusterName().value();
        OnAllocated decision = locks.with(name, () -> decideAndAct(envelope.correlationId(), envelope.id(), envelope.data(),
                "IpAllocated " + envelope.id()));
        reconciler.request(name);
        if (decision instanceof Refuse refuse) {
            throw new RefusedEventException(refuse.reason());
        }
    }

    /**
     * A run that waited for its namespace to be deleted ({@link PendingRuns}) is decided again, as if its
     * IpAllocated arrived now, once the namespace is gone; while it is still there, nothing happens
     * unless the wait has outlived {@code provisioner.provisioning-timeout} with no Cluster left in the
     * namespace: then the run is compensated (ProvisioningFailed, ClusterDestroyed) so its addresses come
     * back. A namespace whose Cluster still exists keeps the run waiting (the old VM may still hold the
     * addresses; the stuck teardown shows on readiness).
     */
    public void redeliver(PendingRun pending) {
        String name = pending.cluster();
        locks.with(name, () -> {
            String what = "waiting run " + pending.run() + " (IpAllocated " + pending.causeId() + ", waiting since "
                    + pending.since() + ")";
            if (tools.namespace(name) == Ownership.Namespace.TERMINATING) {
                Optional<ClusterState> state = tools.state(name);
                boolean clusterLeft = state.map(ClusterState::clusterPresent).orElse(false);
                if (!clusterLeft && Instant.now().isAfter(pending.since().plus(config.provisioningTimeout()))) {
                    LOG.warnf("%s: namespace still being deleted after %s; %s gives up", name,
                            config.provisioningTimeout(), what);
                    compensate(pending.run(), pending.causeId(), pending.allocation(), "the namespace " + name
                            + " was still being deleted " + config.provisioningTimeout() + " after the run began to wait"
                            + " for it (a finalizer nobody removes?)");
                    pendingRuns.remove(name, pending.run());
                }
                return null;
            }
            OnAllocated decision = decideAndAct(pending.run(), pending.causeId(), pending.allocation(), what);
            if (!(decision instanceof AwaitNamespaceGone)) {
                pendingRuns.remove(name, pending.run());
            }
            return null;
        });
        reconciler.request(name);
    }

    /**
     * Every waiting run is looked at on the reconcile loop's interval (the namespace may be gone by now), by the
     * leader only: a run decided by two replicas at once could be applied or compensated twice.
     */
    @io.quarkus.scheduler.Scheduled(every = "${provisioner.reconcile-interval:15s}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void redeliverWaitingRuns() {
        if (!leadership.leads()) {
            return;
        }
        List<String> waiting;
        try {
            waiting = pendingRuns.clusters();
        } catch (RuntimeException e) {
            LOG.debugf("waiting runs not listed, again on the next pass: %s", e.toString());
            return;
        }
        for (String name : waiting) {
            if (!leadership.leads()) {
                return; // lost the lease mid-pass: the new leader goes on from Vault
            }
            try {
                pendingRuns.get(name).ifPresent(this::redeliver);
            } catch (RuntimeException e) {
                LOG.warnf("%s: the waiting run could not be looked at, again on the next pass: %s", name, e.toString());
            }
        }
    }

    /**
     * A close of the PR whose newer run waits for this cluster's teardown: that run gets no fresh
     * cluster. The old run's teardown finishes as planned; the successor's addresses come back through
     * its own expiry when the reaper's grace period after this close is over, as for any closed PR.
     */
    public void onPrClosed(EventEnvelope<PrClosed> envelope) {
        PrClosed event = envelope.data();
        String name = event.clusterName().value();
        locks.with(name, () -> {
            Optional<PendingRun> pending = pendingRuns.get(name);
            if (pending.isPresent() && Ownership.endsWaitingSuccessor(event, config.naming(), Optional.of(pending.get().run()),
                    Optional.of(pending.get().allocation()))) {
                pendingRuns.remove(name, pending.get().run());
                LOG.infof("%s: PrClosed %s at %s ends run %s, which waited for the namespace to be gone: it gets no"
                        + " cluster", name, envelope.id(), event.closedAt(), pending.get().run());
            }
            Optional<ClusterState> state = tools.state(name);
            if (state.isPresent() && Ownership.endsWaitingSuccessor(event, config.naming(), state.get().successor(),
                    RunAnnotations.successorAllocation(state.get()))) {
                tools.annotate(name, java.util.Map.of(), List.of(ClusterLabels.SUCCESSOR_CORRELATION_ID,
                        ClusterLabels.SUCCESSOR_CAUSE_ID, ClusterLabels.SUCCESSOR_IP_ALLOCATED));
                LOG.infof("%s: PrClosed %s at %s ends run %s, which waited for the teardown: it gets no fresh cluster",
                        name, envelope.id(), event.closedAt(), state.get().successor().get());
            }
            return null;
        });
    }

    private OnAllocated decideAndAct(String run, String causeId, IpAllocated event, String what) {
        String name = event.clusterName().value();
        Optional<ClusterState> state = tools.state(name);
        OnAllocated decision = Ownership.onIpAllocated(run, event, config.naming(), tools.namespace(name), state,
                tombstones.hasEnded(name, run));
        if (decision instanceof Refuse refuse) {
            LOG.warnf("%s: %s of run %s refused: %s", name, what, run, refuse.reason());
            metrics.refused();
            compensate(run, causeId, event, "refused: " + refuse.reason());
        } else if (decision instanceof Ignore ignore) {
            LOG.infof("%s: %s of run %s ignored: %s", name, what, run, ignore.reason());
            metrics.ignored(ignore.metric());
        } else if (decision instanceof Create) {
            create(run, causeId, event, state);
        } else if (decision instanceof Adopt adopt) {
            tombstones.markEnded(name, adopt.previous().id(), "superseded by run " + run);
            tools.annotate(name, RunAnnotations.adoption(run, causeId, event,
                            Instant.now().plus(config.provisioningTimeout())),
                    List.of(ClusterLabels.READY_REPORTED, ClusterLabels.FAILURE_REPORTED));
            LOG.infof("%s: run %s (reopened PR) adopts the live cluster of run %s; it is reported ready again for the"
                    + " new run", name, run, adopt.previous().id());
        } else if (decision instanceof AwaitTeardown await) {
            tools.annotate(name, RunAnnotations.successor(run, causeId, event));
            LOG.infof("%s: run %s (reopened PR) waits for the teardown of run %s, then gets a fresh cluster with the"
                    + " same addresses", name, run, await.owner().id());
        } else if (decision instanceof AwaitNamespaceGone) {
            pendingRuns.put(new PendingRun(name, run, causeId, event, Instant.now()));
            LOG.infof("%s: %s of run %s waits: the namespace is being deleted; the run gets its cluster once it is gone",
                    name, what, run);
        }
        return decision;
    }

    private void create(String run, String causeId, IpAllocated event, Optional<ClusterState> existing) {
        String name = event.clusterName().value();
        Instant now = Instant.now();
        // An interrupted apply of this run keeps its start and deadline.
        Instant deadline = existing.flatMap(s -> s.instant(ClusterLabels.PROVISIONING_DEADLINE))
                .orElse(now.plus(config.provisioningTimeout()));
        Instant started = existing.flatMap(s -> s.instant(ClusterLabels.PROVISIONING_STARTED)).orElse(now);
        try {
            applier.apply(event, RunAnnotations.forRun(run, causeId, event, started, deadline));
            LOG.infof("%s: Cluster API objects applied for run %s, deadline %s", name, run, deadline);
        } catch (TemplateException e) {
            LOG.warnf("%s: template refused: %s", name, e.getMessage());
            compensate(run, causeId, event, "template refused: " + e.getMessage());
        }
    }

    /**
     * Nothing was applied for the run, so its saga ends here: ProvisioningFailed and, since there is
     * nothing to tear down, ClusterDestroyed — the addresses go back to the pool (the allocator releases
     * only what this run holds) — then the run is remembered as ended. Publish before remembering: a
     * crash or a failed publish in between is retried, finds no tombstone and publishes the same
     * (deterministic) ids again, instead of finding the run ended and never giving the addresses back.
     */
    private void compensate(String run, String causeId, IpAllocated event, String reason) {
        var failed = EventEnvelope.causedBy(causeId, run, config.source(),
                new ProvisioningFailed(event.pullRequest(), event.clusterName(), reason, List.of()));
        publisher.publishAndAwait(failed);
        publisher.publishAndAwait(EventEnvelope.causedBy(failed, config.source(),
                new ClusterDestroyed(event.pullRequest(), event.clusterName(), DestroyReason.PROVISIONING_FAILED,
                        event.addresses())));
        tombstones.markEnded(event.clusterName().value(), run, "provisioning refused");
        metrics.provisioningFinished("failed", Duration.ZERO);
    }
}
