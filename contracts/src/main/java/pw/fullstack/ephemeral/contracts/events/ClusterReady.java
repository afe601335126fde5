package pw.fullstack.ephemeral.contracts.events;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The cluster is up (Cluster API reports it ready and a node answers Ready) and its kubeconfig is
 * in Vault.
 *
 * @param kubeconfig  where the kubeconfig is stored; the kubeconfig itself never travels in an event
 * @param apiEndpoint the cluster's API server, e.g. {@code https://192.168.1.140:6443}
 * @param readyAt     when the provisioner saw it ready; the reaper's max lifetime counts from creation
 * @param options     what the run's PR asked for (from its IpAllocated), e.g. {@code install_postgres} for the
 *                    installer; absent means defaults
 */
public record ClusterReady(PullRequestRef pullRequest, ClusterName clusterName, List<Ipv4Address> addresses,
                           String dnsName, VaultSecretRef kubeconfig, URI apiEndpoint, Instant readyAt,
                           EnvironmentOptions options)
        implements LifecycleEvent {

    public ClusterReady {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        addresses = Required.nonEmpty("addresses", addresses);
        Dns1123.requireSubdomain("dnsName", dnsName);
        Required.field("kubeconfig", kubeconfig);
        Required.field("apiEndpoint", apiEndpoint);
        Required.field("readyAt", readyAt);
        options = options == null ? EnvironmentOptions.defaults() : options;
    }

    /** Without options (defaults). */
    public ClusterReady(PullRequestRef pullRequest, ClusterName clusterName, List<Ipv4Address> addresses,
                        String dnsName, VaultSecretRef kubeconfig, URI apiEndpoint, Instant readyAt) {
        this(pullRequest, clusterName, addresses, dnsName, kubeconfig, apiEndpoint, readyAt, null);
    }
}
