package pw.fullstack.ephemeral.provisioner.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;

/**
 * The tools cluster for a Quarkus test: a mock API server in CRUD mode the provisioner's client
 * points at. Subclasses may seed it before the application starts ({@link #seed}).
 */
public class ToolsClusterResource implements QuarkusTestResourceLifecycleManager {

    protected MockKubernetesCluster tools;

    @Override
    public Map<String, String> start() {
        tools = MockKubernetesCluster.start();
        seed(tools);
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", tools.url(),
                "quarkus.kubernetes-client.namespace", MockKubernetesCluster.DEFAULT_NAMESPACE,
                "quarkus.kubernetes-client.token", "test",
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    protected void seed(MockKubernetesCluster tools) {
    }

    @Override
    public void stop() {
        if (tools != null) {
            tools.close();
        }
    }
}
