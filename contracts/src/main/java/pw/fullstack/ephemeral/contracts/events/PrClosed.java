package pw.fullstack.ephemeral.contracts.events;

import java.time.Instant;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * A PR was closed or merged (or lost its opt-in label). Published by the GitHub bridge. The cluster
 * lives on for the grace period; a PrOpened older than {@code closedAt} is a replay and starts
 * nothing. About the PR, not a saga run: the bridge keeps no state, so its correlation id is its own
 * id; it ends every run of the PR opened at or before {@code closedAt}
 * ({@link pw.fullstack.ephemeral.contracts.saga.SagaRun#endedByCloseAt}).
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
