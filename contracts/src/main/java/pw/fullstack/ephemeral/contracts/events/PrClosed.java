package pw.fullstack.ephemeral.contracts.events;

import java.time.Instant;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * A PR was closed or merged. Published by the GitHub dispatch bridge. The cluster lives on for
 * the grace period; a PrOpened older than {@code closedAt} is a replay and starts nothing.
 *
 * @param merged   whether it was merged (for the notifier's wording only)
 * @param closedAt when GitHub says it was closed
 */
public record PrClosed(PullRequestRef pullRequest, ClusterName clusterName, boolean merged, Instant closedAt)
        implements LifecycleEvent {

    public PrClosed {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("closedAt", closedAt);
    }
}
