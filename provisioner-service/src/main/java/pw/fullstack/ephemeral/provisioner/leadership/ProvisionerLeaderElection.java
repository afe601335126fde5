package pw.fullstack.ephemeral.provisioner.leadership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import pw.fullstack.ephemeral.leadership.LeaderElectionSetup;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * The provisioner stands for the Lease {@code provisioner-leader} with its {@code provisioner.leader-election.*}
 * settings; only the leader consumes the {@code lifecycle} channel (see README.md, "Replicas").
 */
@ApplicationScoped
public class ProvisionerLeaderElection {

    @Produces
    @jakarta.inject.Singleton
    LeaderElectionSetup setup(ProvisionerConfig config) {
        return new LeaderElectionSetup("provisioner", config.leaderElection(), java.util.Set.of("lifecycle"));
    }
}
