package pw.fullstack.ephemeral.provisioner.provisioning;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.ToolsCluster;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterLocks;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;
import pw.fullstack.ephemeral.provisioner.reconcile.ProvisionerMetrics;
import pw.fullstack.ephemeral.provisioner.reconcile.Reconciler;
import pw.fullstack.ephemeral.templates.ClusterTemplateSettings;
import pw.fullstack.ephemeral.templates.ClusterTemplateValues;
import pw.fullstack.ephemeral.templates.ClusterTemplates;
import pw.fullstack.ephemeral.templates.ManifestObject;
import pw.fullstack.ephemeral.templates.TemplateException;
import pw.fullstack.ephemeral.templates.TemplateSource;

/**
 * IpAllocated → render, check and apply the Cluster API objects, then return; readiness is the
 * reconcile loop's business. Idempotent: a cluster that already carries this saga run is left
 * alone (a replay after ClusterReady creates nothing), one of another run is not touched.
 */
@ApplicationScoped
public class ProvisioningService {

    private static final Logger LOG = Logger.getLogger(ProvisioningService.class);

    @Inject
    ProvisionerConfig config;

    @Inject
    ToolsCluster tools;

    @Inject
    Reconciler reconciler;

    @Inject
    LifecyclePublisher publisher;

    @Inject
    ProvisionerMetrics metrics;

    @Inject
    ClusterLocks locks;

    private ClusterTemplates templates;

    @PostConstruct
    void init() {
        templates = new ClusterTemplates(TemplateSource.withOverride(config.template().directory()));
    }

    public void provision(EventEnvelope<IpAllocated> envelope) {
        IpAllocated event = envelope.data();
        String name = event.clusterName().value();
        locks.with(name, () -> {
            provisionLocked(envelope, event, name);
            return null;
        });
        reconciler.request(name);
    }

    private void provisionLocked(EventEnvelope<IpAllocated> envelope, IpAllocated event, String name) {
        Optional<ClusterState> existing = tools.state(name);
        if (existing.isPresent()) {
            ClusterState state = existing.get();
            Optional<String> saga = state.annotation(ClusterLabels.CORRELATION_ID);
            if (saga.isPresent() && !saga.get().equals(envelope.correlationId())) {
                LOG.infof("%s: IpAllocated of saga %s ignored, the cluster belongs to saga %s", name,
                        envelope.correlationId(), saga.get());
                metrics.ignored("other-saga");
                return;
            }
            if (state.clusterPresent() || state.teardownRequested()) {
                LOG.debugf("%s: IpAllocated %s already applied", name, envelope.id());
                metrics.ignored("duplicate");
                return;
            }
            // Namespace without Cluster and no teardown: an interrupted apply; apply again below.
        } else if (envelope.time().toInstant().plus(config.ipAllocatedMaxAge()).isBefore(Instant.now())) {
            LOG.infof("%s: IpAllocated %s from %s is older than %s and its cluster does not exist: replay ignored",
                    name, envelope.id(), envelope.time(), config.ipAllocatedMaxAge());
            metrics.ignored("stale");
            return;
        }

        List<ManifestObject> objects;
        try {
            objects = templates.render(values(event));
        } catch (TemplateException e) {
            refuse(envelope, e.getMessage());
            return;
        }
        Instant now = Instant.now();
        Instant deadline = existing.flatMap(s -> s.instant(ClusterLabels.PROVISIONING_DEADLINE))
                .orElse(now.plus(config.provisioningTimeout()));
        Instant started = existing.flatMap(s -> s.instant(ClusterLabels.PROVISIONING_STARTED)).orElse(now);
        tools.apply(objects, labels(event), annotations(envelope, started, deadline));
        LOG.infof("%s: Cluster API objects applied, deadline %s", name, deadline);
    }

    /**
     * The template refused the values (validation or the parse-back check): nothing was applied, so
     * the saga ends here with ProvisioningFailed and, since there is nothing to tear down,
     * ClusterDestroyed — the addresses go back to the pool.
     */
    private void refuse(EventEnvelope<IpAllocated> envelope, String reason) {
        IpAllocated event = envelope.data();
        LOG.warnf("%s: template refused: %s", event.clusterName(), reason);
        var failed = EventEnvelope.causedBy(envelope, config.source(),
                new ProvisioningFailed(event.pullRequest(), event.clusterName(), "template refused: " + reason, List.of()));
        publisher.publishAndAwait(failed);
        publisher.publishAndAwait(EventEnvelope.causedBy(failed, config.source(),
                new ClusterDestroyed(event.pullRequest(), event.clusterName(), DestroyReason.PROVISIONING_FAILED,
                        event.addresses())));
        metrics.provisioningFinished("failed", java.time.Duration.ZERO);
    }

    ClusterTemplateValues values(IpAllocated event) {
        List<Ipv4Address> addresses = event.addresses();
        String clusterIp = addresses.get(0).toString();
        // One address per cluster: the node would hold the VIP itself, which the packaged template refuses
        // (the Proxmox provider's webhook would); an override template may take node addresses elsewhere.
        String nodeIp = (addresses.size() > 1 ? addresses.get(1) : addresses.get(0)).toString();
        var t = config.template();
        var settings = new ClusterTemplateSettings(t.k3sVersion(), t.cpuCores(), t.memoryMib(), t.diskGb(), t.proxmoxNode(),
                t.proxmoxTemplateId(), t.networkBridge(), t.gateway(), t.ipPrefix(), t.dnsServer(), t.credentialsSecret(),
                t.credentialsNamespace(), t.cloudController(), t.kubeVipVersion(), t.kubeVipInterface(),
                t.providerIdInjection(), t.vmIdRangeStart(), t.vmIdRangeEnd(), t.skipCloudInitStatus(), t.skipQemuGuestAgent());
        return new ClusterTemplateValues(event.clusterName().value(), clusterIp, nodeIp, event.dnsName(),
                event.pullRequest().number(), repoLabel(event.pullRequest().repository().name()), settings);
    }

    /** The repository name as a label value: at most 63 characters, alphanumeric at both ends. */
    static String repoLabel(String repository) {
        String value = repository.length() > 63 ? repository.substring(0, 63) : repository;
        value = value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return value.isEmpty() ? "unnamed" : value;
    }

    static Map<String, String> labels(IpAllocated event) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ClusterLabels.EPHEMERAL, "true");
        labels.put(ClusterLabels.PR, Integer.toString(event.pullRequest().number()));
        labels.put(ClusterLabels.REPO, repoLabel(event.pullRequest().repository().name()));
        labels.put(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER);
        return labels;
    }

    static Map<String, String> annotations(EventEnvelope<IpAllocated> envelope, Instant started, Instant deadline) {
        IpAllocated event = envelope.data();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ClusterLabels.CORRELATION_ID, envelope.correlationId());
        annotations.put(ClusterLabels.CAUSE_ID, envelope.id());
        annotations.put(ClusterLabels.REPOSITORY, event.pullRequest().repository().toString());
        annotations.put(ClusterLabels.PR_NUMBER, Integer.toString(event.pullRequest().number()));
        annotations.put(ClusterLabels.ADDRESSES, event.addresses().stream().map(Ipv4Address::toString)
                .collect(Collectors.joining(",")));
        annotations.put(ClusterLabels.DNS_NAME, event.dnsName());
        annotations.put(ClusterLabels.PROVISIONING_STARTED, started.toString());
        annotations.put(ClusterLabels.PROVISIONING_DEADLINE, deadline.toString());
        return annotations;
    }
}
