package pw.fullstack.ephemeral.leadership;

import java.util.Set;

/**
 * What an electing service tells {@link Leadership}: its name (the Lease defaults to {@code <service>-leader},
 * the gauge's {@code service} tag), its {@code <service>.leader-election.*} settings, and the incoming channels
 * only the leader consumes (each configured with {@code partition.assignment.strategy} =
 * {@link LeaderTakesAllAssignor}). Each such service produces one.
 */
public record LeaderElectionSetup(String service, LeaderElectionSettings settings, Set<String> channels) {

    public LeaderElectionSetup {
        channels = Set.copyOf(channels);
    }
}
