package pw.fullstack.ephemeral.contracts.events;

import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * Phase 1 or Phase 2 could not be installed in time. Teardown follows. The installer removed the
 * DNS record it had published (if any) before sending this.
 *
 * @param phase  {@code phase1} or {@code phase2}
 * @param reason one line for the PR author
 * @param step   the step that failed inside the phase (optional): {@code kubeconfig}, {@code credentials},
 *               {@code helm-install}, {@code deployments}, {@code crds}, {@code apply}, {@code dns-check}
 */
public record InstallFailed(PullRequestRef pullRequest, ClusterName clusterName, String phase, String reason,
                            String step)
        implements LifecycleEvent {

    public InstallFailed {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.text("phase", phase);
        Required.text("reason", reason);
        step = step == null || step.isBlank() ? phase : step;
    }

    /** Without a step (the phase stands for it). */
    public InstallFailed(PullRequestRef pullRequest, ClusterName clusterName, String phase, String reason) {
        this(pullRequest, clusterName, phase, reason, null);
    }
}
