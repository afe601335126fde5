package pw.fullstack.ephemeral.provisioner.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import pw.fullstack.ephemeral.leadership.Candidate;
import pw.fullstack.ephemeral.leadership.LeaseElection;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;

/**
 * A tools cluster with a cluster Available but never reported (as {@link RestartedToolsCluster} leaves one, under
 * a name of its own: the broker is shared between test classes), where another provisioner replica holds the Lease
 * {@code provisioner-leader} before this application starts, and keeps renewing it until the test kills it
 * ({@link #kill()}: it stops renewing and gives nothing back, as after {@code kill -9}).
 */
public class OtherReplicaLeads extends ToolsClusterResource {

    static final String LEFT_READY = "pr-restart-9";

    static final String OTHER = "provisioner-other-replica";
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(2);
    static final Duration RETRY = Duration.ofMillis(300);

    private static volatile LeaseElection other;
    private MockKubernetesCluster workload;
    private static volatile KubernetesClient otherClient;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(super.start());
        config.put("provisioner.leader-election.lease-duration", LEASE.toMillis() + "ms");
        config.put("provisioner.leader-election.renew-deadline", RENEW_DEADLINE.toMillis() + "ms");
        config.put("provisioner.leader-election.retry-period", RETRY.toMillis() + "ms");
        return config;
    }

    @Override
    protected void seed(MockKubernetesCluster tools) {
        workload = MockKubernetesCluster.start();
        workload.addReadyNode(LEFT_READY + "-control-plane-x1");
        RestartedToolsCluster.seedCluster(tools, LEFT_READY, "9d1e2f9a-6a3b-4c5d-8e7f-901a2b3c4d59", "192.168.1.148", 9, true);
        RestartedToolsCluster.seedKubeconfig(tools, workload, LEFT_READY);
        otherClient = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(tools.kubeconfig(OTHER))).build();
        other = LeaseElection.idle(otherClient, new Candidate("provisioner", MockKubernetesCluster.DEFAULT_NAMESPACE,
                "provisioner-leader", OTHER, LEASE, RENEW_DEADLINE, RETRY), false);
        other.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(other::leads);
    }

    /** The other replica dies: no more renewals, the lease is not given back. */
    static void kill() {
        other.close();
    }

    @Override
    public void stop() {
        if (other != null) {
            other.close();
            otherClient.close();
        }
        super.stop();
        if (workload != null) {
            workload.close();
        }
    }
}
