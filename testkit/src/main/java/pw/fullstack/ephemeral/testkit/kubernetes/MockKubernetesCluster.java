package pw.fullstack.ephemeral.testkit.kubernetes;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A Kubernetes API server stand-in: fabric8's mock server in CRUD mode (objects are stored and
 * served back, watches fire) on a random loopback port. One instance plays the "tools" cluster,
 * others the ephemeral clusters; they share nothing.
 *
 * <p>Code under test should reach it through {@link #kubeconfig(String)}, exactly as it reaches a
 * real cluster. See the README for what the mock does not do (server-side apply, strategic merge
 * patch, set-based label selectors).
 */
public final class MockKubernetesCluster implements AutoCloseable {

    public static final String DEFAULT_NAMESPACE = "default";
    public static final String K3S_KUBELET_VERSION = "v1.30.6+k3s1";

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockKubernetesCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig("testkit"))).build();
    }

    public static MockKubernetesCluster start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new MockKubernetesCluster(server);
    }

    /** A client with this cluster's kubeconfig, namespace {@value #DEFAULT_NAMESPACE}; closed with the cluster. */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /**
     * A kubeconfig for this cluster with one cluster, user and context named {@code contextName},
     * for {@code Config.fromKubeconfig(yaml)} or a Secret's {@code value} key like Cluster API's.
     */
    public String kubeconfig(String contextName) {
        return Kubeconfig.forServer(contextName, url(), DEFAULT_NAMESPACE, "testkit-token-" + server.getPort());
    }

    /** A node whose Ready condition is True: what a probe of a booted K3s cluster looks for. */
    public Node addReadyNode(String name) {
        Node node = new NodeBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(Map.of("kubernetes.io/hostname", name, "node-role.kubernetes.io/control-plane", "true"))
                .endMetadata()
                .withNewStatus()
                    .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                    .withNewNodeInfo().withKubeletVersion(K3S_KUBELET_VERSION).endNodeInfo()
                .endStatus()
                .build();
        return client.nodes().resource(node).create();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
