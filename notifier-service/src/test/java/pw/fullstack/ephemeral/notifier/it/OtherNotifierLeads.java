package pw.fullstack.ephemeral.notifier.it;

import java.util.HashMap;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.StandInLeader;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;

/**
 * The tools cluster's API server, which the notifier talks to for its Lease only, where another notifier replica
 * ({@link StandInLeader}) holds {@code notifier-leader}; turns the election on (the other notifier tests run
 * without).
 */
public class OtherNotifierLeads extends ToolsClusterResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.putAll(StandInLeader.fastElection("notifier"));
        return config;
    }

    @Override
    protected void seed(MockKubernetesCluster tools) {
        StandInLeader.takeLease(tools, "notifier");
    }

    @Override
    public void stop() {
        StandInLeader.release("notifier");
        super.stop();
    }
}
