package pw.fullstack.ephemeral.contracts.events;

import java.util.List;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The saga's compensating event: the cluster is gone from the tools cluster (not merely being
 * deleted), its namespace and kubeconfig removed. Only this releases the addresses.
 *
 * @param addresses the addresses the cluster held, as annotated on it; empty when unknown
 *                  (the allocator releases by cluster name either way)
 */
public record ClusterDestroyed(PullRequestRef pullRequest, ClusterName clusterName, DestroyReason reason,
                               List<Ipv4Address> addresses)
        implements LifecycleEvent {

    public ClusterDestroyed {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("reason", reason);
        addresses = Required.orEmpty(addresses);
    }
}
