package pw.fullstack.ephemeral.leadership;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code <service>.leader-election.*}: a group each electing service nests in its own {@code @ConfigMapping}
 * ({@code LeaderElectionSettings leaderElection();}). Defaults are client-go's (15 s / 10 s / 2 s): a replica
 * that cannot renew stops acting after {@code renew-deadline}, before another may take the lease at
 * {@code lease-duration}.
 */
public interface LeaderElectionSettings {

    /** Off: this replica always leads (one replica only; tests that do not need a Lease). */
    @WithDefault("true")
    boolean enabled();

    /** The Lease's name; default {@code <service>-leader}. */
    Optional<String> leaseName();

    /** The Lease's namespace; default the namespace the pod runs in (the Kubernetes client's). */
    Optional<String> namespace();

    /** How long a lease is valid after its last renewal: a follower takes over at most this long after a leader died. */
    @WithDefault("15S")
    Duration leaseDuration();

    /** A leader that has not renewed for this long stops leading (its loops stop); shorter than the lease duration. */
    @WithDefault("10S")
    Duration renewDeadline();

    /** How often the leader renews and a follower tries to acquire. */
    @WithDefault("2S")
    Duration retryPeriod();
}
