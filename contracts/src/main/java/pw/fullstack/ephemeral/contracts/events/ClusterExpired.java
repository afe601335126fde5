package pw.fullstack.ephemeral.contracts.events;

import java.time.Instant;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The reaper decided the cluster's time is up. The provisioner tears it down, cancelling a
 * provisioning still in progress.
 *
 * @param deadline the deadline that passed
 */
public record ClusterExpired(PullRequestRef pullRequest, ClusterName clusterName, ExpiryReason reason,
                             Instant deadline)
        implements LifecycleEvent {

    public ClusterExpired {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("reason", reason);
        Required.field("deadline", deadline);
    }
}
