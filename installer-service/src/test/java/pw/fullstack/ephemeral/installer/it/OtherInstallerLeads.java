package pw.fullstack.ephemeral.installer.it;

import java.util.HashMap;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.StandInLeader;

/** {@link WorkloadsResource}'s world where another installer replica ({@link StandInLeader}) holds {@code installer-leader}. */
public class OtherInstallerLeads extends WorkloadsResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.putAll(StandInLeader.fastElection("installer"));
        return config;
    }

    @Override
    protected void seed(MockKubernetesCluster tools) {
        super.seed(tools);
        StandInLeader.takeLease(tools, "installer");
    }

    @Override
    public void stop() {
        StandInLeader.release("installer");
        super.stop();
    }
}
