package pw.fullstack.ephemeral.contracts.events;

import java.util.List;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The cluster did not become ready (deadline passed, or the provider reported failure). Teardown
 * follows; the addresses are released only by the ClusterDestroyed that ends it.
 *
 * @param reason         one line for the PR author, e.g. "not ready after 15 minutes"
 * @param lastConditions the Cluster's last conditions, {@code Type=Status: message}, for debugging
 */
public record ProvisioningFailed(PullRequestRef pullRequest, ClusterName clusterName, String reason,
                                 List<String> lastConditions)
        implements LifecycleEvent {

    public ProvisioningFailed {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.text("reason", reason);
        lastConditions = Required.orEmpty(lastConditions);
    }
}
