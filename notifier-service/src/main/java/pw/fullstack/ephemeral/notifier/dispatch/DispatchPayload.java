package pw.fullstack.ephemeral.notifier.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Dns1123;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;

/**
 * The {@code repository_dispatch} that starts the app repository's "deploy app, run tests" workflow
 * once the environment is ready, and when it is due: the contract app workflows are written against
 * (notifier-service/README, "The dispatch"; examples/app-repository).
 *
 * <p>Every name the workflow deploys with sits in one {@code environment} object: the cluster, the
 * namespace to deploy into, the host and its URL, and where the kubeconfig is in Vault (its location
 * only, never the kubeconfig). Cluster and host are derived with this notifier's {@link ClusterNaming}
 * from the PR, not copied from an event, so they are the names every service uses (and the one
 * form the operators chose). GitHub allows at most {@value #MAX_TOP_LEVEL_KEYS} top-level keys in
 * {@code client_payload} and less than 64 KB; this payload has seven keys of short, validated values.
 *
 * @param naming       the naming every service shares
 * @param appNamespace the namespace the installer prepares for the app (its secrets, its database)
 */
public record DispatchPayload(ClusterNaming naming, String appNamespace) {

    public static final int MAX_TOP_LEVEL_KEYS = 10;

    public DispatchPayload {
        Objects.requireNonNull(naming, "naming");
        Dns1123.requireLabel("notifier.dispatch.app-namespace", appNamespace);
    }

    /** Due once per run, after PhasesInstalled, while the environment is still wanted (open, not failed or destroyed). */
    public static boolean due(PrTimeline t, GitHubEffects effects) {
        return t.installed() && !t.closed() && !t.failed() && !t.destroyed()
                && !t.installedEventId().equals(effects.dispatchedEventId());
    }

    public Map<String, Object> of(PrTimeline t) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pr_number", t.number());
        payload.put("repository", t.repository());
        payload.put("branch", t.branch());
        payload.put("head_sha", t.headSha());
        payload.put("environment", environment(t));
        payload.put("run_id", t.runId());
        // Lets the workflow drop a repeated dispatch (sent again after a crash before it was recorded).
        payload.put("event_id", t.installedEventId());
        if (payload.size() > MAX_TOP_LEVEL_KEYS) {
            throw new IllegalStateException("client_payload has " + payload.size() + " top-level keys; GitHub allows "
                    + MAX_TOP_LEVEL_KEYS);
        }
        return payload;
    }

    private Map<String, Object> environment(PrTimeline t) {
        PullRequestRef pr = PullRequestRef.of(t.repository(), t.number());
        String host = naming.dnsName(pr);
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("cluster_name", naming.clusterName(pr).value());
        environment.put("namespace", appNamespace);
        environment.put("host", host);
        environment.put("url", "https://" + host + "/");
        if (t.kubeconfig() != null) {
            Map<String, Object> kubeconfig = new LinkedHashMap<>();
            kubeconfig.put("vault_mount", t.kubeconfig().mount());
            kubeconfig.put("vault_path", t.kubeconfig().path());
            kubeconfig.put("field", t.kubeconfig().field());
            environment.put("kubeconfig", kubeconfig);
        } else {
            environment.put("kubeconfig", null);
        }
        return environment;
    }
}
