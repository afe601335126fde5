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
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.AwaitTeardown;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Create;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Ignore;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.OnAllocated;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Refuse;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterLocks;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;
import pw.fullstack.ephemeral.provisioner.reconcile.ProvisionerMetrics;
import pw.fullstack.ephemeral.provisioner.reconcile.Reconciler;
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

    /** @throws RefusedEventException after compensating, when the event must go to the dead-letter topic */
    public void provision(EventEnvelope<IpAllocated> envelope) {
        String name = envelope.data().clusterName().value();
        OnAllocated decision = locks.with(name, () -> decideAndAct(envelope, name));
        reconciler.request(name);
        if (decision instanceof Refuse refuse) {
            throw new RefusedEventException(refuse.reason());
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

    private OnAllocated decideAndAct(EventEnvelope<IpAllocated> envelope, String name) {
        IpAllocated event = envelope.data();
        String run = envelope.correlationId();
        Optional<ClusterState> state = tools.state(name);
        OnAllocated decision = Ownership.onIpAllocated(run, event, config.naming(), tools.namespace(name), state,
                tombstones.hasEnded(name, run));
        if (decision instanceof Refuse refuse) {
            LOG.warnf("%s: IpAllocated %s of run %s refused: %s", name, envelope.id(), run, refuse.reason());
            metrics.refused();
            compensate(envelope, "refused: " + refuse.reason());
        } else if (decision instanceof Ignore ignore) {
            LOG.infof("%s: IpAllocated %s of run %s ignored: %s", name, envelope.id(), run, ignore.reason());
            metrics.ignored(ignore.metric());
        } else if (decision instanceof Create) {
            create(envelope, state);
        } else if (decision instanceof Adopt adopt) {
            tombstones.markEnded(name, adopt.previous().id(), "superseded by run " + run);
            tools.annotate(name, RunAnnotations.adoption(run, envelope.id(), event,
                            Instant.now().plus(config.provisioningTimeout())),
                    List.of(ClusterLabels.READY_REPORTED, ClusterLabels.FAILURE_REPORTED));
            LOG.infof("%s: run %s (reopened PR) adopts the live cluster of run %s; it is reported ready again for the"
                    + " new run", name, run, adopt.previous().id());
        } else if (decision instanceof AwaitTeardown await) {
            tools.annotate(name, RunAnnotations.successor(run, envelope.id(), event));
            LOG.infof("%s: run %s (reopened PR) waits for the teardown of run %s, then gets a fresh cluster with the"
                    + " same addresses", name, run, await.owner().id());
        }
        return decision;
    }

    private void create(EventEnvelope<IpAllocated> envelope, Optional<ClusterState> existing) {
        IpAllocated event = envelope.data();
        String name = event.clusterName().value();
        Instant now = Instant.now();
        // An interrupted apply of this run keeps its start and deadline.
        Instant deadline = existing.flatMap(s -> s.instant(ClusterLabels.PROVISIONING_DEADLINE))
                .orElse(now.plus(config.provisioningTimeout()));
        Instant started = existing.flatMap(s -> s.instant(ClusterLabels.PROVISIONING_STARTED)).orElse(now);
        try {
            applier.apply(event, RunAnnotations.forRun(envelope.correlationId(), envelope.id(), event, started, deadline));
            LOG.infof("%s: Cluster API objects applied for run %s, deadline %s", name, envelope.correlationId(), deadline);
        } catch (TemplateException e) {
            LOG.warnf("%s: template refused: %s", name, e.getMessage());
            compensate(envelope, "template refused: " + e.getMessage());
        }
    }

    /**
     * Nothing was applied for the run, so its saga ends here: ProvisioningFailed and, since there is
     * nothing to tear down, ClusterDestroyed — the addresses go back to the pool (the allocator releases
     * only what this run holds) — then the run is remembered as ended. Publish before remembering: a
     * crash or a failed publish in between is retried, finds no tombstone and publishes the same
     * (deterministic) ids again, instead of finding the run ended and never giving the addresses back.
     */
    private void compensate(EventEnvelope<IpAllocated> envelope, String reason) {
        IpAllocated event = envelope.data();
        var failed = EventEnvelope.causedBy(envelope, config.source(),
                new ProvisioningFailed(event.pullRequest(), event.clusterName(), reason, List.of()));
        publisher.publishAndAwait(failed);
        publisher.publishAndAwait(EventEnvelope.causedBy(failed, config.source(),
                new ClusterDestroyed(event.pullRequest(), event.clusterName(), DestroyReason.PROVISIONING_FAILED,
                        event.addresses())));
        tombstones.markEnded(event.clusterName().value(), envelope.correlationId(), "provisioning refused");
        metrics.provisioningFinished("failed", Duration.ZERO);
    }
}
