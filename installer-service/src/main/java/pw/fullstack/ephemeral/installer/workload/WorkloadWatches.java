package pw.fullstack.ephemeral.installer.workload;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.messaging.ApplicationGauges;

/**
 * The watches on workload clusters during Phase 1 ({@link WatchTargets}), as informers: each lists its targets once,
 * then watches them, and keeps what the API server last said. Any change calls the installation's {@code changed}
 * (which only queues a reconcile: nothing else happens on a watch's thread), and the pass reads Phase 1's progress from
 * the informers' caches ({@link #reads}) instead of asking the API server again. At most
 * {@code installer.workload.max-watched-clusters} clusters are watched at once; an installation beyond, or one whose
 * informers could not start or stopped (e.g. the API server went away), is read and seen by the periodic pass, which
 * stays the safety net, and watched again when a later pass finds room. Gauge {@code installer_workload_watches}: the
 * watches open now.
 */
@ApplicationScoped
public class WorkloadWatches {

    private static final Logger LOG = Logger.getLogger(WorkloadWatches.class);

    @Inject
    InstallerConfig config;

    @Inject
    MeterRegistry registry;

    /** One cluster's informers, all on the client they were started with. */
    private record Watched(KubernetesClient client, List<SharedIndexInformer<Job>> jobs,
                           Map<WatchTargets.Release, SharedIndexInformer<Deployment>> deployments,
                           Map<String, SharedIndexInformer<CustomResourceDefinition>> crds) {

        Stream<SharedIndexInformer<?>> all() {
            return Stream.concat(Stream.concat(jobs.stream(), deployments.values().stream()), crds.values().stream());
        }

        boolean running() {
            return all().allMatch(i -> i.isRunning() && i.hasSynced() && i.isWatching());
        }
    }

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    private ApplicationGauges gauges;

    @PostConstruct
    void register() {
        gauges = new ApplicationGauges(registry);
        gauges.gauge("installer.workload.watches", Tags.empty(), this, WorkloadWatches::open);
    }

    /**
     * Watches the cluster's targets with this client, unless it is watched already.
     *
     * @return whether the cluster is watched now; false: the bound is reached or a watch could not be started (the
     *         periodic pass sees it)
     */
    public boolean watch(String cluster, KubernetesClient client, WatchTargets targets, Runnable changed) {
        Watched current = watched.get(cluster);
        if (current != null && current.client() == client && current.running()) {
            return true;
        }
        close(cluster);
        synchronized (this) {
            if (watched.size() >= config.workload().maxWatchedClusters()) {
                LOG.debugf("%s: not watched (%d clusters are, the bound): the periodic pass sees it", cluster, watched.size());
                return false;
            }
            // holds the place while the informers start
            watched.put(cluster, new Watched(client, List.of(), Map.of(), Map.of()));
        }
        List<SharedIndexInformer<Job>> jobs = new ArrayList<>();
        Map<WatchTargets.Release, SharedIndexInformer<Deployment>> deployments = new LinkedHashMap<>();
        Map<String, SharedIndexInformer<CustomResourceDefinition>> crds = new LinkedHashMap<>();
        Watched starting = new Watched(client, jobs, deployments, crds);
        try {
            for (String namespace : targets.jobNamespaces()) {
                jobs.add(client.batch().v1().jobs().inNamespace(namespace).withLabel(WatchTargets.CHART_LABEL)
                        .inform(handler(changed), 0));
            }
            for (WatchTargets.Release release : targets.releases()) {
                deployments.put(release, client.apps().deployments().inNamespace(release.namespace())
                        .withLabel(WatchTargets.INSTANCE_LABEL, release.chart()).inform(handler(changed), 0));
            }
            for (String crd : targets.crds()) {
                crds.put(crd, client.apiextensions().v1().customResourceDefinitions().withName(crd).inform(handler(changed), 0));
            }
        } catch (KubernetesClientException e) {
            LOG.debugf("%s: not watched, the periodic pass sees it: %s", cluster, e.getMessage());
            starting.all().forEach(SharedIndexInformer::close);
            watched.remove(cluster);
            return false;
        }
        watched.put(cluster, starting);
        starting.all().forEach(i -> i.stopped().whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.debugf("%s: a watch stopped (%s); the periodic pass sees the cluster until it is watched again", cluster,
                        failure.getMessage());
                changed.run();
            }
        }));
        LOG.debugf("%s: %d watches started", cluster, targets.size());
        return true;
    }

    /**
     * Phase 1's progress as the cluster's watches last saw it, while every one of them runs (listed, watching); empty
     * otherwise: then the API server is asked.
     */
    public Optional<Phase1Reads> reads(String cluster, KubernetesClient client) {
        Watched current = watched.get(cluster);
        if (current == null || current.client() != client || !current.running()) {
            return Optional.empty();
        }
        return Optional.of(new Phase1Reads() {
            @Override
            public Job job(String namespace, String name) {
                return current.jobs().stream().map(i -> i.getStore().getByKey(namespace + "/" + name))
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }

            @Override
            public List<Deployment> deployments(String namespace, String release) {
                SharedIndexInformer<Deployment> informer = current.deployments().get(new WatchTargets.Release(release, namespace));
                return informer == null ? List.of() : informer.getStore().list();
            }

            @Override
            public CustomResourceDefinition crd(String name) {
                SharedIndexInformer<CustomResourceDefinition> informer = current.crds().get(name);
                return informer == null ? null : informer.getStore().getByKey(name);
            }
        });
    }

    /** Closes the cluster's watches, if any: its Phase 1 is over, its installation ended, or the cluster is gone. */
    public void close(String cluster) {
        Watched gone = watched.remove(cluster);
        if (gone != null) {
            gone.all().forEach(SharedIndexInformer::close);
            LOG.debugf("%s: watches closed", cluster);
        }
    }

    /** Leadership lost, or shutting down. */
    public void closeAll() {
        List.copyOf(watched.keySet()).forEach(this::close);
    }

    /** The watches open now, over every cluster. */
    public int open() {
        return (int) watched.values().stream().flatMap(Watched::all).filter(SharedIndexInformer::isRunning).count();
    }

    @PreDestroy
    void stop() {
        closeAll();
        gauges.removeAll();
    }

    /** Every change is something to look at. */
    private static <R> ResourceEventHandler<R> handler(Runnable changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(R resource) {
                changed.run();
            }

            @Override
            public void onUpdate(R before, R after) {
                changed.run();
            }

            @Override
            public void onDelete(R resource, boolean unknownFinalState) {
                changed.run();
            }
        };
    }
}
