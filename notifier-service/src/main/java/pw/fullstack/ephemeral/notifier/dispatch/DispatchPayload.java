package pw.fullstack.ephemeral.notifier.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;
import pw.fullstack.ephemeral.notifier.comment.EnvironmentLink;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;

/**
 * The {@code repository_dispatch} that starts the app repository's "deploy app, run tests" workflow
 * once the environment is ready, and when it is due. GitHub allows at most
 * {@value #MAX_TOP_LEVEL_KEYS} top-level keys in {@code client_payload} and less than 64 KB; this
 * payload has nine keys of short, validated values. The kubeconfig travels as its Vault location only.
 */
public final class DispatchPayload {

    public static final int MAX_TOP_LEVEL_KEYS = 10;

    private DispatchPayload() {
    }

    /** Due once per run, after PhasesInstalled, while the environment is still wanted (open, not failed or destroyed). */
    public static boolean due(PrTimeline t, GitHubEffects effects) {
        return t.installed() && !t.closed() && !t.failed() && !t.destroyed()
                && !t.installedEventId().equals(effects.dispatchedEventId());
    }

    public static Map<String, Object> of(PrTimeline t) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("pr_number", t.number());
        payload.put("repository", t.repository());
        payload.put("branch", t.branch());
        payload.put("head_sha", t.headSha());
        payload.put("cluster_name", t.clusterName());
        payload.put("environment_url", EnvironmentLink.of(t).map(Object::toString).orElse(null));
        if (t.kubeconfig() != null) {
            Map<String, Object> kubeconfig = new LinkedHashMap<>();
            kubeconfig.put("vault_mount", t.kubeconfig().mount());
            kubeconfig.put("vault_path", t.kubeconfig().path());
            kubeconfig.put("field", t.kubeconfig().field());
            payload.put("kubeconfig", kubeconfig);
        } else {
            payload.put("kubeconfig", null);
        }
        payload.put("run_id", t.runId());
        // Lets the workflow drop a repeated dispatch (sent again after a crash before it was recorded).
        payload.put("event_id", t.installedEventId());
        if (payload.size() > MAX_TOP_LEVEL_KEYS) {
            throw new IllegalStateException("client_payload has " + payload.size() + " top-level keys; GitHub allows "
                    + MAX_TOP_LEVEL_KEYS);
        }
        return payload;
    }
}
