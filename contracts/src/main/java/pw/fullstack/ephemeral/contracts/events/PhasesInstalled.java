package pw.fullstack.ephemeral.contracts.events;

import java.net.URI;
import java.util.List;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * Phase 1 (operators) and Phase 2 (ClusterIssuer, DNSEndpoint, ExternalSecret, quotas) are in
 * place: the app pipeline can deploy.
 *
 * @param environmentUrl where the PR's environment answers, {@code https://pr-<pr>-<repo>.<domain>}
 * @param components     what was installed, e.g. {@code cert-manager}, {@code dnsendpoint}
 */
public record PhasesInstalled(PullRequestRef pullRequest, ClusterName clusterName, URI environmentUrl,
                              List<String> components)
        implements LifecycleEvent {

    public PhasesInstalled {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("environmentUrl", environmentUrl);
        components = Required.orEmpty(components);
    }
}
