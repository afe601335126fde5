package pw.fullstack.ephemeral.testkit.workload;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import pw.fullstack.ephemeral.testkit.clusterapi.WorkloadSimulation;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;

/**
 * K3s with its helm-controller, the charts the installer pins and external-dns, for every workload
 * cluster a {@code SimulatedClusterApiController} starts, plus the DNS service they publish into: one
 * {@link FakeDnsZone} served by a {@link FakeDnsServer} on loopback UDP.
 *
 * <pre>{@code
 * SimulatedWorkloads workloads = SimulatedWorkloads.start(WorkloadBehaviour.installsAfter(Duration.ofMillis(300)));
 * SimulatedClusterApiController.builder(tools).workloadSimulation(workloads).start();
 * workloads.behaviour("pr-shop-7", WorkloadBehaviour.installsAfter(Duration.ZERO).withDnsNeverResolving());
 * workloads.dnsServer().port();   // the resolver the installer's DNS check asks
 * }</pre>
 */
public final class SimulatedWorkloads implements WorkloadSimulation, AutoCloseable {

    private final FakeDnsZone zone = new FakeDnsZone();
    private final FakeDnsServer dns;
    private final WorkloadBehaviour defaults;
    private final Map<String, WorkloadBehaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, SimulatedK3s> clusters = new ConcurrentHashMap<>();
    private final java.util.List<ToolsClusterPlatform> platforms = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "simulated-k3s");
        thread.setDaemon(true);
        return thread;
    });

    private SimulatedWorkloads(WorkloadBehaviour defaults) {
        this.defaults = defaults;
        this.dns = FakeDnsServer.start(zone);
    }

    public static SimulatedWorkloads start(WorkloadBehaviour defaults) {
        return new SimulatedWorkloads(defaults);
    }

    /** Every chart installs after {@code installDelay}. */
    public static SimulatedWorkloads start(Duration installDelay) {
        return start(WorkloadBehaviour.installsAfter(installDelay));
    }

    /** How the named cluster behaves; set before it becomes ready (or change a running one). */
    public SimulatedWorkloads behaviour(String clusterName, WorkloadBehaviour behaviour) {
        behaviours.put(clusterName, behaviour);
        SimulatedK3s running = clusters.get(clusterName);
        if (running != null) {
            running.behaviour(behaviour);
        }
        return this;
    }

    @Override
    public AutoCloseable attach(String clusterName, MockKubernetesCluster workload) {
        SimulatedK3s k3s = new SimulatedK3s(clusterName, workload, zone,
                behaviours.getOrDefault(clusterName, defaults), scheduler).start();
        SimulatedK3s previous = clusters.put(clusterName, k3s);
        if (previous != null) {
            previous.close();
        }
        return () -> {
            k3s.close();
            clusters.remove(clusterName, k3s);
        };
    }

    /** The simulation inside the named cluster while its workload cluster exists. */
    public Optional<SimulatedK3s> cluster(String clusterName) {
        return Optional.ofNullable(clusters.get(clusterName));
    }

    /**
     * The platform's external-dns and cert-manager on the tools cluster ({@link ToolsClusterPlatform}), publishing
     * into this zone; stopped with the workloads.
     */
    public ToolsClusterPlatform startToolsClusterPlatform(io.fabric8.kubernetes.client.KubernetesClient tools, String dnsDomain,
                                                          String clusterIssuer) {
        return startToolsClusterPlatform(tools, dnsDomain, clusterIssuer, ToolsPlatformDelays.NONE);
    }

    /** As {@link #startToolsClusterPlatform(io.fabric8.kubernetes.client.KubernetesClient, String, String)}, with these delays. */
    public ToolsClusterPlatform startToolsClusterPlatform(io.fabric8.kubernetes.client.KubernetesClient tools, String dnsDomain,
                                                          String clusterIssuer, ToolsPlatformDelays delays) {
        ToolsClusterPlatform platform = ToolsClusterPlatform.start(tools, zone, dnsDomain, clusterIssuer, delays);
        platforms.add(platform);
        return platform;
    }

    public FakeDnsZone zone() {
        return zone;
    }

    public FakeDnsServer dnsServer() {
        return dns;
    }

    @Override
    public void close() {
        clusters.values().forEach(SimulatedK3s::close);
        clusters.clear();
        platforms.forEach(ToolsClusterPlatform::close);
        scheduler.shutdownNow();
        dns.close();
    }
}
