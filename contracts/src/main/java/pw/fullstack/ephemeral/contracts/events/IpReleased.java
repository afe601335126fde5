package pw.fullstack.ephemeral.contracts.events;

import java.util.List;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The cluster's addresses are back in the pool. Only ever after ClusterDestroyed: an address is
 * free only once the cluster that used it is gone.
 *
 * @param reason why the cluster was destroyed, copied from ClusterDestroyed
 */
public record IpReleased(PullRequestRef pullRequest, ClusterName clusterName, List<Ipv4Address> addresses,
                         DestroyReason reason)
        implements LifecycleEvent {

    public IpReleased {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        addresses = Required.nonEmpty("addresses", addresses);
        Required.field("reason", reason);
    }
}
