package pw.fullstack.ephemeral.provisioner.readiness;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/** Connects to a new cluster with its kubeconfig and looks for a Ready node. */
@ApplicationScoped
public class RemoteProbe {

    @Inject
    ProvisionerConfig config;

    /** The outcome, without any part of the kubeconfig. */
    public record Result(boolean ready, String detail) {
    }

    public Result probe(String kubeconfig) {
        try {
            Config clientConfig = Config.fromKubeconfig(kubeconfig);
            int timeout = (int) config.probe().timeout().toMillis();
            clientConfig.setConnectionTimeout(timeout);
            clientConfig.setRequestTimeout(timeout);
            clientConfig.setRequestRetryBackoffLimit(0);
            try (KubernetesClient remote = new KubernetesClientBuilder().withConfig(clientConfig).build()) {
                var nodes = remote.nodes().list().getItems();
                long ready = nodes.stream().filter(RemoteProbe::isReady).count();
                return new Result(ready > 0, ready + " of " + nodes.size() + " nodes Ready");
            }
        } catch (RuntimeException e) {
            return new Result(false, "probe failed: " + e.getClass().getSimpleName());
        }
    }

    static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
