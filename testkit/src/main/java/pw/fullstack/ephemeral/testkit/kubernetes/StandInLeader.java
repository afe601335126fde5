package pw.fullstack.ephemeral.testkit.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Another replica of a service that holds the service's Lease ({@code <service>-leader} in
 * {@value MockKubernetesCluster#DEFAULT_NAMESPACE}) on a mock API server and does nothing else, with fabric8's
 * {@code LeaderElector} as the services use it: what a test of one replica stands against (that replica must
 * follow). {@link #kill(String)} plays the leader's {@code kill -9}: no more renewals, nothing given back, so the
 * lease expires as after a crash. Test resources take the lease in their {@code seed} (before the application
 * starts) and start the application with {@link #fastElection(String)}.
 */
public final class StandInLeader {

    public static final Duration LEASE = Duration.ofSeconds(3);
    public static final Duration RENEW_DEADLINE = Duration.ofSeconds(2);
    public static final Duration RETRY = Duration.ofMillis(300);

    private record Holding(KubernetesClient client, CompletableFuture<?> election) {
    }

    private static final Map<String, Holding> HOLDING = new ConcurrentHashMap<>();

    private StandInLeader() {
    }

    /** The identity the stand-in holds the service's lease with. */
    public static String identity(String service) {
        return service + "-other-replica";
    }

    /** The service's election on, with this stand-in's timings (seconds instead of the production defaults). */
    public static Map<String, String> fastElection(String service) {
        return Map.of(service + ".leader-election.enabled", "true",
                service + ".leader-election.lease-duration", LEASE.toMillis() + "ms",
                service + ".leader-election.renew-deadline", RENEW_DEADLINE.toMillis() + "ms",
                service + ".leader-election.retry-period", RETRY.toMillis() + "ms");
    }

    /** Takes {@code <service>-leader} and keeps renewing it until {@link #kill} or {@link #release}. */
    public static void takeLease(MockKubernetesCluster tools, String service) {
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(tools.kubeconfig(identity(service)))).build();
        CountDownLatch acquired = new CountDownLatch(1);
        var config = new LeaderElectionConfigBuilder()
                .withName(service + "-leader")
                .withLock(new LeaseLock(MockKubernetesCluster.DEFAULT_NAMESPACE, service + "-leader", identity(service)))
                .withLeaseDuration(LEASE).withRenewDeadline(RENEW_DEADLINE).withRetryPeriod(RETRY)
                .withReleaseOnCancel(false)
                .withLeaderCallbacks(new LeaderCallbacks(acquired::countDown, () -> { }, holder -> { }))
                .build();
        CompletableFuture<?> election = client.leaderElector().withConfig(config).build().start();
        HOLDING.put(service, new Holding(client, election));
        try {
            if (!acquired.await(10, TimeUnit.SECONDS)) {
                release(service);
                throw new IllegalStateException(identity(service) + " did not get the lease " + service + "-leader");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As {@code kill -9}: the stand-in stops renewing and gives nothing back. */
    public static void kill(String service) {
        Holding holding = HOLDING.get(service);
        if (holding != null) {
            holding.election().cancel(true);
        }
    }

    /** Stops the stand-in (its test resource stops). */
    public static void release(String service) {
        Holding holding = HOLDING.remove(service);
        if (holding != null) {
            holding.election().cancel(true);
            holding.client().close();
        }
    }
}
