package pw.fullstack.ephemeral.reaper.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;

/** The tools cluster for a Quarkus test: a mock API server in CRUD mode the reaper's client points at. */
public class ToolsClusterResource implements QuarkusTestResourceLifecycleManager {

    private MockKubernetesCluster tools;

    @Override
    public Map<String, String> start() {
        tools = MockKubernetesCluster.start();
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", tools.url(),
                "quarkus.kubernetes-client.namespace", MockKubernetesCluster.DEFAULT_NAMESPACE,
                "quarkus.kubernetes-client.token", "test",
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        if (tools != null) {
            tools.close();
        }
    }
}
