package pw.fullstack.ephemeral.leadership;

/**
 * What an electing service tells {@link Leadership}: its name (the Lease defaults to {@code <service>-leader},
 * the gauge's {@code service} tag) and its {@code <service>.leader-election.*} settings. Each such service
 * produces one.
 */
public record LeaderElectionSetup(String service, LeaderElectionSettings settings) {
}
