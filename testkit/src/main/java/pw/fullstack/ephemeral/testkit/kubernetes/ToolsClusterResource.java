package pw.fullstack.ephemeral.testkit.kubernetes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/**
 * The tools cluster for a Quarkus test: a validating mock API server serving the CRDs of a Cluster
 * API management cluster (core, K3s providers, Proxmox provider, and the platform's cert-manager and
 * external-dns: {@link UpstreamCrds#toolsCluster()}) with the providers' webhooks, so
 * the service under test only gets away with what the real tools cluster would accept. Subclasses may seed
 * it before the application starts ({@link #seed}); a test field annotated {@link InjectToolsCluster}
 * receives it (e.g. for its request journal).
 */
public class ToolsClusterResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a {@code MockKubernetesCluster} field of a test that should receive the tools cluster. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectToolsCluster {
    }

    /**
     * The bearer token the service under test presents (its {@code quarkus.kubernetes-client.token}): its requests
     * are {@code tools.requests().by(SERVICE_TOKEN)}. The test's own {@link MockKubernetesCluster#client()} presents
     * another, so what the test and simulated controllers do is not counted as the service's.
     */
    public static final String SERVICE_TOKEN = "test";

    protected MockKubernetesCluster tools;

    @Override
    public Map<String, String> start() {
        tools = MockKubernetesCluster.builder().withCrds(UpstreamCrds.toolsCluster()).start();
        seed(tools);
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", tools.url(),
                "quarkus.kubernetes-client.namespace", MockKubernetesCluster.DEFAULT_NAMESPACE,
                "quarkus.kubernetes-client.token", SERVICE_TOKEN,
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    protected void seed(MockKubernetesCluster tools) {
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(tools, new TestInjector.AnnotatedAndMatchesType(InjectToolsCluster.class, MockKubernetesCluster.class));
    }

    @Override
    public void stop() {
        if (tools != null) {
            tools.close();
        }
    }
}
