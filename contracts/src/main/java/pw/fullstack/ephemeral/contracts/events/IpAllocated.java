package pw.fullstack.ephemeral.contracts.events;

import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The allocator reserved a block of addresses for the cluster (in Vault, under check-and-set).
 *
 * @param addresses the block, in order; with two addresses per cluster the first is the
 *                  control-plane VIP and the second the node address
 * @param dnsName   the environment's host name, {@code pr-<pr>-<repo>.<domain>}
 * @param branch    carried over from PrOpened so the provisioner can label the cluster
 * @param openedAt  the run's PrOpened {@code openedAt} (GitHub's time): with the correlation id it
 *                  orders this run against the run that owns the cluster
 *                  ({@link pw.fullstack.ephemeral.contracts.saga.SagaRun})
 */
public record IpAllocated(PullRequestRef pullRequest, ClusterName clusterName, List<Ipv4Address> addresses,
                          String dnsName, BranchName branch, EnvironmentOptions options, Instant openedAt)
        implements LifecycleEvent {

    public IpAllocated {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        addresses = Required.nonEmpty("addresses", addresses);
        Dns1123.requireSubdomain("dnsName", dnsName);
        Required.field("branch", branch);
        options = options == null ? EnvironmentOptions.defaults() : options;
        Required.field("openedAt", openedAt);
    }
}
