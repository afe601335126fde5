package pw.fullstack.ephemeral.contracts.events;

import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The installer's answer to a {@link ClusterExpired} of the run that owns the cluster: it deleted
 * the cluster's DNSEndpoint and waited (bounded) for the record to leave DNS, so the provisioner may
 * delete the cluster now without leaving a record pointing at an address the pool will hand out
 * again. Always sent, whatever the outcome (also when the cluster could not be reached), so a
 * teardown waits no longer than needed; the provisioner does not wait past its own deadline either.
 *
 * @param dnsName the environment's host name whose record was released
 * @param outcome how it ended
 * @param detail  one line for people (what was checked, through which resolver); may be empty
 */
public record DnsReleased(PullRequestRef pullRequest, ClusterName clusterName, String dnsName,
                          DnsReleaseOutcome outcome, String detail)
        implements LifecycleEvent {

    public DnsReleased {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Dns1123.requireSubdomain("dnsName", dnsName);
        Required.field("outcome", outcome);
        detail = detail == null ? "" : detail;
    }
}
