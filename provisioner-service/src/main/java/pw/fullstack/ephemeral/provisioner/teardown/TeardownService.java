package pw.fullstack.ephemeral.provisioner.teardown;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.ToolsCluster;
import pw.fullstack.ephemeral.messaging.RefusedEventException;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterLocks;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;
import pw.fullstack.ephemeral.provisioner.reconcile.ProvisionerMetrics;
import pw.fullstack.ephemeral.provisioner.reconcile.Reconciler;
import pw.fullstack.ephemeral.provisioner.reconcile.Reconciliation;
import pw.fullstack.ephemeral.provisioner.vault.RunTombstones;

/**
 * ProvisioningFailed, InstallFailed, ClusterExpired of the run that owns the cluster → record the
 * teardown on the Namespace and the Cluster (reason, cause id, time), ask for the Cluster's deletion
 * and return; the reconcile loop reports ClusterDestroyed once the Cluster is really gone. The first
 * teardown request wins; a request of any other run is a no-op. A ClusterExpired for a cluster that
 * does not exist (an orphaned address, see the reaper) is answered with ClusterDestroyed at once.
 * An expiry of a cluster that was reported ready leaves the Cluster until the installer's DnsReleased
 * of the owning run (or {@code provisioner.dns-release-timeout}), so its DNS record goes first.
 */
@ApplicationScoped
public class TeardownService {

    private static final Logger LOG = Logger.getLogger(TeardownService.class);

    @Inject
    ProvisionerConfig config;

    @Inject
    ToolsCluster tools;

    @Inject
    RunTombstones tombstones;

    @Inject
    LifecyclePublisher publisher;

    @Inject
    Reconciler reconciler;

    @Inject
    ProvisionerMetrics metrics;

    @Inject
    ClusterLocks locks;

    public static Optional<DestroyReason> reasonFor(LifecycleEvent event) {
        if (event instanceof ProvisioningFailed) {
            return Optional.of(DestroyReason.PROVISIONING_FAILED);
        }
        if (event instanceof InstallFailed) {
            return Optional.of(DestroyReason.INSTALL_FAILED);
        }
        if (event instanceof ClusterExpired expired) {
            return Optional.of(expired.reason() == ExpiryReason.ORPHAN ? DestroyReason.ORPHAN : DestroyReason.EXPIRED);
        }
        return Optional.empty();
    }

    /** @throws RefusedEventException when the event must go to the dead-letter topic (nothing was touched) */
    public void requestTeardown(EventEnvelope<? extends LifecycleEvent> envelope, DestroyReason reason) {
        String name = envelope.subject();
        Ownership.OnTeardown decision = locks.with(name, () -> decideAndAct(envelope, reason, name));
        reconciler.request(name);
        if (decision instanceof Ownership.Refuse refuse) {
            throw new RefusedEventException(refuse.reason());
        }
    }

    private Ownership.OnTeardown decideAndAct(EventEnvelope<? extends LifecycleEvent> envelope, DestroyReason reason,
                                              String name) {
        String run = envelope.correlationId();
        Optional<ClusterState> state = tools.state(name);
        boolean ended = state.isEmpty() && envelope.data() instanceof ClusterExpired && tombstones.hasEnded(name, run);
        Ownership.OnTeardown decision = Ownership.onTeardownRequest(run, envelope.data(), config.naming(), state, ended);
        String event = envelope.type().eventName() + " " + envelope.id() + " of run " + run;
        if (decision instanceof Ownership.Refuse refuse) {
            LOG.warnf("%s: %s refused: %s", name, event, refuse.reason());
            metrics.refused();
        } else if (decision instanceof Ownership.Ignore ignore) {
            LOG.infof("%s: %s ignored: %s", name, event, ignore.reason());
            metrics.ignored(ignore.metric());
        } else if (decision instanceof Ownership.AlreadyGone) {
            // Publish before remembering the run as ended (see ProvisioningService.compensate).
            LifecycleEvent data = envelope.data();
            publisher.publishAndAwait(EventEnvelope.causedBy(envelope, config.source(),
                    new ClusterDestroyed(data.pullRequest(), data.clusterName(), reason, List.of())));
            tombstones.markEnded(name, run, "destroyed (" + reason.wireName() + "): nothing existed");
            LOG.infof("%s: %s: no cluster exists, ClusterDestroyed (%s) reported at once", name, event,
                    reason.wireName());
        } else if (decision instanceof Ownership.TearDown) {
            Instant now = Instant.now();
            Optional<Instant> dnsDeadline = Reconciliation.dnsReleaseDeadline(state.orElseThrow(), envelope.data(),
                    config.dnsReleaseTimeout(), now);
            Map<String, String> teardown = new LinkedHashMap<>();
            teardown.put(ClusterLabels.TEARDOWN_REASON, reason.wireName());
            teardown.put(ClusterLabels.TEARDOWN_CAUSE_ID, envelope.id());
            teardown.put(ClusterLabels.TEARDOWN_REQUESTED, now.toString());
            dnsDeadline.ifPresent(deadline -> teardown.put(ClusterLabels.DNS_RELEASE_DEADLINE, deadline.toString()));
            tools.annotate(name, teardown);
            if (dnsDeadline.isPresent()) {
                LOG.infof("%s: teardown requested by %s (%s); the Cluster is deleted once the installer reports its DNS"
                        + " record gone (DnsReleased), at the latest %s", name, event, reason.wireName(), dnsDeadline.get());
            } else {
                if (state.orElseThrow().clusterPresent()) {
                    tools.deleteCluster(name);
                }
                LOG.infof("%s: teardown requested by %s (%s)", name, event, reason.wireName());
            }
        }
        return decision;
    }

    /**
     * The installer's DnsReleased of the owning run ends the wait of its expiry: recorded on the objects,
     * then the reconcile loop deletes the Cluster. Anything else is a no-op.
     *
     * @throws RefusedEventException when the cluster name is not the PR's (nothing was touched)
     */
    public void recordDnsRelease(EventEnvelope<DnsReleased> envelope) {
        String name = envelope.subject();
        Ownership.OnDnsReleased decision = locks.with(name, () -> {
            String run = envelope.correlationId();
            DnsReleased released = envelope.data();
            Ownership.OnDnsReleased decided = Ownership.onDnsReleased(run, released, config.naming(), tools.state(name));
            String event = "DnsReleased " + envelope.id() + " of run " + run;
            if (decided instanceof Ownership.RefuseRelease refuse) {
                LOG.warnf("%s: %s refused: %s", name, event, refuse.reason());
                metrics.refused();
            } else if (decided instanceof Ownership.IgnoreRelease ignore) {
                LOG.infof("%s: %s ignored: %s", name, event, ignore.reason());
                metrics.ignored(ignore.metric());
            } else if (decided instanceof Ownership.RecordRelease) {
                tools.annotate(name, Map.of(ClusterLabels.DNS_RELEASED, Instant.now().toString()));
                LOG.infof("%s: %s: DNS record %s (%s%s); the Cluster is deleted now", name, event,
                        released.outcome().wireName(), released.dnsName(),
                        released.detail().isEmpty() ? "" : ": " + released.detail());
            }
            return decided;
        });
        reconciler.request(name);
        if (decision instanceof Ownership.RefuseRelease refuse) {
            throw new RefusedEventException(refuse.reason());
        }
    }
}
