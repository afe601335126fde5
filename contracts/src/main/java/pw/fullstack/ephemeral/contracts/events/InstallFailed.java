package pw.fullstack.ephemeral.contracts.events;

import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * Phase 1 or Phase 2 could not be installed in time. Teardown follows.
 *
 * @param phase  {@code phase1} or {@code phase2}
 * @param reason one line for the PR author
 */
public record InstallFailed(PullRequestRef pullRequest, ClusterName clusterName, String phase, String reason)
        implements LifecycleEvent {

    public InstallFailed {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.text("phase", phase);
        Required.text("reason", reason);
    }
}
