package pw.fullstack.ephemeral.provisioner.reconcile;

import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterApiKinds;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.ToolsCluster;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.leadership.Leadership;
import pw.fullstack.ephemeral.leadership.LeadershipChange;
import pw.fullstack.ephemeral.leadership.WhileLeading;
import pw.fullstack.ephemeral.provisioner.provisioning.ClusterApplier;
import pw.fullstack.ephemeral.provisioner.provisioning.RunAnnotations;
import pw.fullstack.ephemeral.provisioner.readiness.RemoteProbe;
import pw.fullstack.ephemeral.provisioner.vault.KubeconfigStore;
import pw.fullstack.ephemeral.provisioner.vault.PendingRuns;
import pw.fullstack.ephemeral.provisioner.vault.RunTombstones;
import pw.fullstack.ephemeral.templates.TemplateException;

/**
 * Turns what the tools cluster shows into events. Triggered by an informer on managed Clusters, by
 * the Kafka handler after it changed something, and every {@code provisioner.reconcile-interval}
 * for all managed clusters (deadlines, stuck teardowns, missed watch events). All state is read
 * from the tools cluster each time; nothing is kept in memory but a queue of names.
 *
 * <p>Exactly-once reporting: an event is published first and the marker annotation written after
 * the broker acknowledged it. A crash in between re-publishes on restart with the same id (derived
 * from the cause id annotated on the cluster), which consumers drop; writing the marker first could
 * lose the event instead, which is worse.
 *
 * <p>Only the leader reconciles ({@link Leadership}): the informer runs from leadership acquired to leadership
 * lost, a queued cluster is reconciled only while this replica leads, and the periodic pass does nothing in a
 * follower. The Kafka handler runs in the leader only as well (README, "Replicas").
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    @Inject
    ToolsCluster tools;

    @Inject
    KubernetesClient client;

    @Inject
    RemoteProbe probe;

    @Inject
    KubeconfigStore kubeconfigs;

    @Inject
    LifecyclePublisher publisher;

    @Inject
    ProvisionerConfig config;

    @Inject
    ProvisionerMetrics metrics;

    @Inject
    ClusterLocks locks;

    @Inject
    ClusterApplier applier;

    @Inject
    RunTombstones tombstones;

    @Inject
    PendingRuns pendingRuns;

    @Inject
    Leadership leadership;

    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "provisioner-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    private final WhileLeading informing = new WhileLeading("the informer on managed Clusters", this::inform, queued::clear);

    void onLeadership(@Observes LeadershipChange change) {
        informing.on(change);
    }

    private SharedIndexInformer<GenericKubernetesResource> inform() {
        return client.genericKubernetesResources(ClusterApiKinds.CLUSTER).inAnyNamespace()
                .withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource cluster) {
                        request(cluster.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        request(after.getMetadata().getName());
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource cluster, boolean unknownFinalState) {
                        request(cluster.getMetadata().getName());
                    }
                }, 0);
    }

    void stop(@Observes ShutdownEvent event) {
        informing.close();
        worker.shutdownNow();
    }

    /**
     * Queues one cluster for reconciliation (coalesced while already queued); nothing in a follower, whose
     * handler's change the leader sees on the tools cluster.
     */
    public void request(String name) {
        if (!leadership.leads() || worker.isShutdown() || !queued.add(name)) {
            return; // a follower, shutting down (the next start reconciles everything), or already queued
        }
        try {
            worker.execute(() -> {
                queued.remove(name);
                if (!leadership.leads()) {
                    return; // lost the lease while it waited: the new leader reconciles it
                }
                try {
                    reconcile(name);
                } catch (RuntimeException e) {
                    LOG.warnf("reconcile of %s failed, retried on the next pass: %s", name, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            queued.remove(name);
        }
    }

    @Scheduled(every = "${provisioner.reconcile-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileAll() {
        if (!leadership.leads()) {
            return;
        }
        List<String> names = tools.managedNames();
        Map<Phase, Integer> counts = new EnumMap<>(Phase.class);
        List<String> stuck = new ArrayList<>();
        List<String> overdue = new ArrayList<>();
        Instant now = Instant.now();
        for (String name : names) {
            tools.state(name).ifPresent(state -> {
                Phase phase = Phase.of(state, now, config.teardownStuckAfter());
                counts.merge(phase, 1, Integer::sum);
                if (phase == Phase.TEARDOWN_STUCK) {
                    stuck.add(name);
                }
                if (Phase.provisioningOverdue(state, now)) {
                    overdue.add(name);
                }
            });
            request(name);
        }
        metrics.observed(counts, stuck, overdue);
    }

    ReadinessPolicy policy() {
        return new ReadinessPolicy(config.readyConditions(), config.teardownStuckAfter());
    }

    /**
     * When the loop last read a cluster's state (before it decided) and what it decided: in memory only,
     * for {@code GET /clusters} — "is the provisioner looking at my cluster at all?".
     */
    public record LastLook(Instant readAt, String step) {
    }

    private final Map<String, LastLook> lastLooks = new java.util.concurrent.ConcurrentHashMap<>();

    public Optional<LastLook> lastLook(String name) {
        return Optional.ofNullable(lastLooks.get(name));
    }

    /** One reconciliation of one cluster; public for tests that drive it directly. */
    public void reconcile(String name) {
        locks.with(name, () -> {
            Instant began = Instant.now();
            Optional<ClusterState> observed = tools.state(name);
            if (observed.isEmpty()) {
                lastLooks.remove(name);
                return null;
            }
            ClusterState state = observed.get();
            Instant now = Instant.now();
            Step step = Reconciliation.decide(state, policy(), now);
            lastLooks.put(name, new LastLook(began, step.getClass().getSimpleName()));
            if (step instanceof Step.Wait wait) {
                LOG.debugf("%s: %s", name, wait.why());
            } else if (step instanceof Step.ApplyObjects) {
                applyObjects(state, now);
            } else if (step instanceof Step.ProbeAndReport) {
                probeAndReport(state, now);
            } else if (step instanceof Step.FailProvisioning fail) {
                failProvisioning(state, fail.reason(), fail.lastConditions());
            } else if (step instanceof Step.AwaitDnsRelease await) {
                LOG.debugf("%s: waiting for the installer's DnsReleased until %s", name, await.deadline());
            } else if (step instanceof Step.DeleteCluster) {
                if (state.annotation(ClusterLabels.DNS_RELEASE_DEADLINE).isPresent()
                        && state.annotation(ClusterLabels.DNS_RELEASED).isEmpty()) {
                    LOG.warnf("%s: no DnsReleased by %s; deleting the Cluster anyway (its DNS record may outlive it)",
                            name, state.annotation(ClusterLabels.DNS_RELEASE_DEADLINE).get());
                    metrics.dnsReleaseTimedOut();
                }
                tools.deleteCluster(name);
            } else if (step instanceof Step.AwaitDeletion await) {
                if (await.stuck()) {
                    LOG.warnf("%s: teardown stuck, the Cluster still exists; retrying deletion", name);
                    tools.deleteCluster(name);
                }
            } else if (step instanceof Step.FinishTeardown) {
                finishTeardown(state);
            } else if (step instanceof Step.RecordForeignDeletion) {
                LOG.warnf("%s: the namespace is being deleted, not by this system; the run %s ends (orphan) and its"
                        + " ClusterDestroyed is reported once the Cluster is gone", name, correlationId(state));
                tools.annotate(name, Map.of(
                        ClusterLabels.TEARDOWN_REASON, DestroyReason.ORPHAN.wireName(),
                        ClusterLabels.TEARDOWN_CAUSE_ID, causeId(state),
                        ClusterLabels.TEARDOWN_REQUESTED, Instant.now().toString()));
            }
            return null;
        });
    }

    private void probeAndReport(ClusterState state, Instant now) {
        String name = state.name();
        if (config.probe().enabled()) {
            Optional<String> kubeconfig = tools.kubeconfig(name);
            RemoteProbe.Result result = kubeconfig.map(probe::probe)
                    .orElse(new RemoteProbe.Result(false, "no " + name + "-kubeconfig Secret yet"));
            if (!result.ready()) {
                if (Reconciliation.deadlinePassed(state, now)) {
                    failProvisioning(state, "Cluster API reports ready but the cluster does not answer: " + result.detail(),
                            state.conditions().stream().map(c -> c.describe()).toList());
                } else {
                    LOG.debugf("%s: conditions met, remote probe not yet: %s", name, result.detail());
                }
                return;
            }
            kubeconfigs.put(name, kubeconfig.get());
        } else {
            String kubeconfig = tools.kubeconfig(name).orElse(null);
            if (kubeconfig == null) {
                return;
            }
            kubeconfigs.put(name, kubeconfig);
        }
        List<Ipv4Address> addresses = addresses(state);
        URI endpoint = URI.create("https://" + tools.controlPlaneEndpoint(name).orElse(addresses.get(0) + ":6443"));
        ClusterReady ready = new ClusterReady(pullRequest(state), ClusterName.of(name), addresses,
                state.annotation(ClusterLabels.DNS_NAME).orElseThrow(), kubeconfigs.ref(name), endpoint, now,
                RunAnnotations.allocation(state).map(IpAllocated::options).orElse(null));
        publisher.publishAndAwait(EventEnvelope.causedBy(causeId(state), correlationId(state), config.source(), ready));
        tools.annotate(name, Map.of(ClusterLabels.READY_REPORTED, now.toString()));
        state.instant(ClusterLabels.PROVISIONING_STARTED)
                .ifPresent(started -> metrics.provisioningFinished("ready", Duration.between(started, now)));
        LOG.infof("%s: ClusterReady reported", name);
    }

    private void failProvisioning(ClusterState state, String reason, List<String> lastConditions) {
        String name = state.name();
        Instant now = Instant.now();
        var failed = EventEnvelope.causedBy(causeId(state), correlationId(state), config.source(),
                new ProvisioningFailed(pullRequest(state), ClusterName.of(name), reason, lastConditions));
        if (!state.failureReported()) {
            publisher.publishAndAwait(failed);
            state.instant(ClusterLabels.PROVISIONING_STARTED)
                    .ifPresent(started -> metrics.provisioningFinished("failed", Duration.between(started, now)));
            LOG.infof("%s: ProvisioningFailed reported: %s", name, reason);
        }
        tools.annotate(name, Map.of(
                ClusterLabels.FAILURE_REPORTED, now.toString(),
                ClusterLabels.TEARDOWN_REASON, DestroyReason.PROVISIONING_FAILED.wireName(),
                ClusterLabels.TEARDOWN_CAUSE_ID, failed.id(),
                ClusterLabels.TEARDOWN_REQUESTED, now.toString()));
        tools.deleteCluster(name);
    }

    private void applyObjects(ClusterState state, Instant now) {
        String name = state.name();
        Optional<IpAllocated> allocation = RunAnnotations.allocation(state);
        if (allocation.isEmpty()) {
            failProvisioning(state, "the run's IpAllocated annotation cannot be read; nothing to apply", List.of());
            return;
        }
        Instant started = state.instant(ClusterLabels.PROVISIONING_STARTED).orElse(now);
        Instant deadline = state.instant(ClusterLabels.PROVISIONING_DEADLINE).orElse(now.plus(config.provisioningTimeout()));
        try {
            applier.apply(allocation.get(), RunAnnotations.forRun(correlationId(state), causeId(state), allocation.get(),
                    started, deadline));
            LOG.infof("%s: Cluster API objects applied for run %s, deadline %s", name, correlationId(state), deadline);
        } catch (TemplateException e) {
            failProvisioning(state, "template refused: " + e.getMessage(), List.of());
        }
    }

    private void finishTeardown(ClusterState state) {
        String name = state.name();
        if (state.namespaceTerminating() && tombstones.hasEnded(name, correlationId(state))) {
            // Reported already; the namespace is on its way out and takes the teardown state with it.
            waitForNamespaceElsewhere(state);
            return;
        }
        kubeconfigs.delete(name);
        DestroyReason reason = Arrays.stream(DestroyReason.values())
                .filter(r -> r.wireName().equals(state.annotation(ClusterLabels.TEARDOWN_REASON).orElse("")))
                .findFirst().orElse(DestroyReason.ORPHAN);
        var destroyed = EventEnvelope.causedBy(state.annotation(ClusterLabels.TEARDOWN_CAUSE_ID).orElse(causeId(state)),
                correlationId(state), config.source(),
                new ClusterDestroyed(pullRequest(state), ClusterName.of(name), reason, addresses(state)));
        publisher.publishAndAwait(destroyed);
        // Remembered only once published: until then the namespace's teardown state makes the next pass try again.
        tombstones.markEnded(name, correlationId(state), "destroyed (" + reason.wireName() + ")");
        LOG.infof("%s: ClusterDestroyed (%s) of run %s reported", name, reason.wireName(), correlationId(state));
        if (state.namespaceTerminating()) {
            waitForNamespaceElsewhere(state);
            return;
        }
        Optional<IpAllocated> successor = RunAnnotations.successorAllocation(state);
        if (state.successor().isPresent() && successor.isPresent()) {
            // A reopened PR waited for this teardown: it takes the namespace over and gets a fresh
            // cluster with the same addresses, now that the old VM is gone.
            Instant now = Instant.now();
            tools.handOver(name, RunAnnotations.forRun(state.successor().get(),
                    state.annotation(ClusterLabels.SUCCESSOR_CAUSE_ID).orElseThrow(), successor.get(), now,
                    now.plus(config.provisioningTimeout())));
            LOG.infof("%s: handed over to run %s", name, state.successor().get());
            request(name);
            return;
        }
        // The namespace goes last: until ClusterDestroyed is acknowledged it holds the teardown state.
        tools.deleteNamespace(name);
    }

    /**
     * A successor waiting on a namespace that is being deleted would vanish with it: it waits in Vault
     * instead ({@link PendingRuns}) and gets its cluster once the namespace is gone.
     */
    private void waitForNamespaceElsewhere(ClusterState state) {
        Optional<IpAllocated> successor = RunAnnotations.successorAllocation(state);
        if (state.successor().isPresent() && successor.isPresent()) {
            pendingRuns.put(new PendingRuns.PendingRun(state.name(), state.successor().get(),
                    state.annotation(ClusterLabels.SUCCESSOR_CAUSE_ID).orElseThrow(), successor.get(), Instant.now()));
        }
    }

    static String causeId(ClusterState state) {
        return state.annotation(ClusterLabels.CAUSE_ID).orElse("unknown-cause:" + state.name());
    }

    static String correlationId(ClusterState state) {
        return state.annotation(ClusterLabels.CORRELATION_ID).orElse("unknown-saga:" + state.name());
    }

    static PullRequestRef pullRequest(ClusterState state) {
        return new PullRequestRef(RepositoryRef.parse(state.annotation(ClusterLabels.REPOSITORY).orElseThrow()),
                Integer.parseInt(state.annotation(ClusterLabels.PR_NUMBER).orElseThrow()));
    }

    static List<Ipv4Address> addresses(ClusterState state) {
        return state.annotation(ClusterLabels.ADDRESSES).stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .filter(s -> !s.isBlank())
                .map(Ipv4Address::parse)
                .toList();
    }
}
