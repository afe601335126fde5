package pw.fullstack.ephemeral.installer.leadership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.leadership.LeaderElectionSetup;

/**
 * The installer stands for the Lease {@code installer-leader} with its {@code installer.leader-election.*}
 * settings; only the leader consumes the {@code lifecycle} channel (see README.md, "Replicas").
 */
@ApplicationScoped
public class InstallerLeaderElection {

    @Produces
    @Singleton
    LeaderElectionSetup setup(InstallerConfig config) {
        return new LeaderElectionSetup("installer", config.leaderElection(), Set.of("lifecycle"));
    }
}
