package pw.fullstack.ephemeral.contracts.events;

import java.time.Instant;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * New commits were pushed to an open PR (GitHub's {@code pull_request} {@code synchronize}).
 * Published by the GitHub bridge; about the PR, not a saga run: the bridge keeps no state, so its
 * correlation id is its own id. A consumer applies it to whichever run currently owns the PR's
 * cluster (found by cluster name), e.g. the notifier moves its deployment and comment to the new
 * head. Several may arrive for one run; {@code updatedAt} says which is newest (webhooks can arrive
 * out of order, and a replay carries the same time).
 *
 * @param branch    the PR's head branch (unchanged by a push, carried so a consumer needs no PrOpened)
 * @param headSha   the new head commit
 * @param updatedAt when GitHub says the PR was updated by the push
 */
public record PrUpdated(PullRequestRef pullRequest, ClusterName clusterName, BranchName branch, CommitSha headSha,
                        Instant updatedAt) implements LifecycleEvent {

    public PrUpdated {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("branch", branch);
        Required.field("headSha", headSha);
        Required.field("updatedAt", updatedAt);
    }
}
