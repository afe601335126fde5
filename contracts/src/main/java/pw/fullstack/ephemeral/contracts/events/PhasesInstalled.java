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
 * @param components     names of what was installed, e.g. {@code cert-manager}, {@code dnsendpoint}
 * @param installed      the same with versions and phase (optional: absent from older producers)
 * @param phaseDurations how long each phase took (optional)
 * @param warnings       what did not go as it should but does not stop the app pipeline, e.g. the
 *                       name not resolving yet within the DNS check's bound (optional)
 */
public record PhasesInstalled(PullRequestRef pullRequest, ClusterName clusterName, URI environmentUrl,
                              List<String> components, List<InstalledComponent> installed,
                              List<PhaseDuration> phaseDurations, List<String> warnings)
        implements LifecycleEvent {

    public PhasesInstalled {
        Required.field("pullRequest", pullRequest);
        Required.field("clusterName", clusterName);
        Required.field("environmentUrl", environmentUrl);
        components = Required.orEmpty(components);
        installed = Required.orEmpty(installed);
        phaseDurations = Required.orEmpty(phaseDurations);
        warnings = Required.orEmpty(warnings);
    }

    /** The first version of the event: names only. */
    public PhasesInstalled(PullRequestRef pullRequest, ClusterName clusterName, URI environmentUrl,
                           List<String> components) {
        this(pullRequest, clusterName, environmentUrl, components, List.of(), List.of(), List.of());
    }
}
