package pw.fullstack.ephemeral.contracts.events;

import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The pool is full: the PR waits, first come first served, and gets IpAllocated when a cluster
 * is destroyed. Nothing failed.
 *
 * @param position     1-based place in the queue when it was queued
 * @param poolCapacity how many clusters the pool holds at once
 */
public record AllocationQueued(PullRequestRef pullRequest, ClusterName clusterName, int position, int poolCapacity)
        implements LifecycleEvent {

    public AllocationQueued {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        if (position < 1) {
            throw new InvalidInputException("position", position + " is not a queue position (1 or more)");
        }
    }
}
