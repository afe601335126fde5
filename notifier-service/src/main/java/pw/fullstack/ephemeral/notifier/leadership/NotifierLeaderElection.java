package pw.fullstack.ephemeral.notifier.leadership;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;
import pw.fullstack.ephemeral.leadership.LeaderElectionSetup;
import pw.fullstack.ephemeral.notifier.NotifierConfig;

/**
 * The notifier stands for the Lease {@code notifier-leader} with its {@code notifier.leader-election.*} settings;
 * only the leader consumes the {@code lifecycle} channel and writes to GitHub (see README.md, "Replicas").
 */
@ApplicationScoped
public class NotifierLeaderElection {

    @Produces
    @Singleton
    LeaderElectionSetup setup(NotifierConfig config) {
        return new LeaderElectionSetup("notifier", config.leaderElection(), Set.of("lifecycle"));
    }
}
