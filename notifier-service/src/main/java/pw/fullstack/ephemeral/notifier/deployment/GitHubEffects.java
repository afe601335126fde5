package pw.fullstack.ephemeral.notifier.deployment;

import java.util.ArrayList;
import java.util.List;

/**
 * What the notifier has done on GitHub for the shown run besides the comment: its deployment, the
 * last deployment status posted, the dispatch sent; and earlier runs' deployments still to be marked
 * inactive. Kept in the comment with the timeline.
 *
 * @param deploymentError why the run's deployment could not be created or updated (GitHub refused it);
 *                        the comment still shows the environment
 * @param dispatchError   why GitHub refused the run's repository dispatch
 */
public record GitHubEffects(Long deploymentId, String lastDeploymentState, String dispatchedEventId,
                            List<Long> staleDeployments, String deploymentError, String dispatchError) {

    public static final GitHubEffects NONE = new GitHubEffects(null, null, null, List.of(), null, null);

    public GitHubEffects {
        staleDeployments = staleDeployments == null ? List.of() : List.copyOf(staleDeployments);
    }

    /** A new run starts: its own deployment comes; the previous one is marked inactive unless it already is. */
    public GitHubEffects forNewRun() {
        List<Long> stale = new ArrayList<>(staleDeployments);
        if (deploymentId != null && !DeploymentPlan.INACTIVE.equals(lastDeploymentState)) {
            stale.add(deploymentId);
        }
        return new GitHubEffects(null, null, null, stale, null, null);
    }

    public GitHubEffects withDeployment(long id) {
        return new GitHubEffects(id, lastDeploymentState, dispatchedEventId, staleDeployments, deploymentError, dispatchError);
    }

    public GitHubEffects withState(String state) {
        return new GitHubEffects(deploymentId, state, dispatchedEventId, staleDeployments, deploymentError, dispatchError);
    }

    public GitHubEffects withDispatched(String eventId) {
        return new GitHubEffects(deploymentId, lastDeploymentState, eventId, staleDeployments, deploymentError, dispatchError);
    }

    public GitHubEffects withoutStale(long id) {
        List<Long> stale = new ArrayList<>(staleDeployments);
        stale.remove(Long.valueOf(id));
        return new GitHubEffects(deploymentId, lastDeploymentState, dispatchedEventId, stale, deploymentError, dispatchError);
    }

    public GitHubEffects withDispatchError(String error) {
        return new GitHubEffects(deploymentId, lastDeploymentState, dispatchedEventId, staleDeployments, deploymentError, error);
    }

    public GitHubEffects withDeploymentError(String error) {
        return new GitHubEffects(deploymentId, lastDeploymentState, dispatchedEventId, staleDeployments, error, dispatchError);
    }
}
