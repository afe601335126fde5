package pw.fullstack.ephemeral.provisioner.it;

import java.util.HashMap;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.StandInLeader;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;

/**
 * A tools cluster with a cluster Available but never reported (as {@link RestartedToolsCluster} leaves one, under
 * a name of its own: the broker is shared between test classes), where another provisioner replica
 * ({@link StandInLeader}) holds the Lease {@code provisioner-leader} before this application starts.
 */
public class OtherReplicaLeads extends ToolsClusterResource {

    static final String LEFT_READY = "pr-restart-9";

    private MockKubernetesCluster workload;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.putAll(StandInLeader.fastElection("provisioner"));
        return config;
    }

    @Override
    protected void seed(MockKubernetesCluster tools) {
        workload = MockKubernetesCluster.start();
        workload.addReadyNode(LEFT_READY + "-control-plane-x1");
        RestartedToolsCluster.seedCluster(tools, LEFT_READY, "9d1e2f9a-6a3b-4c5d-8e7f-901a2b3c4d59", "192.168.1.148", 9, true);
        RestartedToolsCluster.seedKubeconfig(tools, workload, LEFT_READY);
        StandInLeader.takeLease(tools, "provisioner");
    }

    @Override
    public void stop() {
        StandInLeader.release("provisioner");
        super.stop();
        if (workload != null) {
            workload.close();
        }
    }
}
