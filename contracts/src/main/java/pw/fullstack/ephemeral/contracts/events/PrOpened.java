package pw.fullstack.ephemeral.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * A PR was opened (or reopened, or asked again for its environment). Published by the GitHub
 * dispatch bridge; starts a saga run, whose correlation id is this event's id.
 *
 * @param pullRequest repository and number
 * @param clusterName the cluster this PR gets ({@link pw.fullstack.ephemeral.contracts.naming.ClusterNaming})
 * @param branch      the PR's head branch
 * @param headSha     the PR's head commit; optional (null, left out of the JSON): the bridge sends GitHub's
 *                    head for webhooks and for dispatches (which it confirms with GitHub), but a consumer
 *                    must accept an event without one (older producers)
 * @param options     what else the PR asked for; absent means defaults
 * @param openedAt    when GitHub says the PR was opened or reopened; orders this against PrClosed
 */
public record PrOpened(PullRequestRef pullRequest, ClusterName clusterName, BranchName branch,
                       @JsonInclude(JsonInclude.Include.NON_NULL) CommitSha headSha, EnvironmentOptions options,
                       Instant openedAt)
        implements LifecycleEvent {

    public PrOpened {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("branch", branch);
        Required.field("openedAt", openedAt);
        options = options == null ? EnvironmentOptions.defaults() : options;
    }
}
