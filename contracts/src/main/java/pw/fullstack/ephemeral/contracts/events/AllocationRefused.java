package pw.fullstack.ephemeral.contracts.events;

import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The PR gets no environment for this run: a limit is reached (per repository, or the queue's). The run
 * has ended; the PR gets an environment only by a new opening (a reopen) once there is room. Nothing failed.
 *
 * @param reason which limit
 * @param limit  the limit's value when it was reached (environments of the repository, or PRs waiting)
 */
public record AllocationRefused(PullRequestRef pullRequest, ClusterName clusterName, RefusalReason reason, int limit)
        implements LifecycleEvent {

    public AllocationRefused {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("reason", reason);
        if (limit < 0) {
            throw new InvalidInputException("limit", limit + " is not a limit (0 or more)");
        }
    }
}
