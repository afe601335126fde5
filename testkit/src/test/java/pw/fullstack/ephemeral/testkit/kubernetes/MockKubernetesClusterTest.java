package pw.fullstack.ephemeral.testkit.kubernetes;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MockKubernetesClusterTest {

    private MockKubernetesCluster tools;
    private MockKubernetesCluster ephemeral;

    @BeforeEach
    void startClusters() {
        tools = MockKubernetesCluster.start();
        ephemeral = MockKubernetesCluster.start();
    }

    @AfterEach
    void stopClusters() {
        tools.close();
        ephemeral.close();
    }

    @Test
    void keepsTheObjectsOfTwoClustersApart() {
        tools.client().configMaps().resource(configMap("only-on-tools")).create();

        assertThat(tools.url()).isNotEqualTo(ephemeral.url());
        assertThat(tools.client().configMaps().withName("only-on-tools").get()).isNotNull();
        assertThat(ephemeral.client().configMaps().withName("only-on-tools").get()).isNull();
        assertThat(ephemeral.client().configMaps().list().getItems()).isEmpty();
    }

    @Test
    void letsAClientBuiltFromItsKubeconfigReachThatClusterAndNoOther() {
        ephemeral.client().configMaps().resource(configMap("on-the-ephemeral-cluster")).create();
        String kubeconfig = ephemeral.kubeconfig("pr-shop-42");

        try (KubernetesClient fromKubeconfig = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
            assertThat(fromKubeconfig.getMasterUrl().toString()).startsWith(ephemeral.url());
            assertThat(fromKubeconfig.getNamespace()).isEqualTo("default");
            assertThat(fromKubeconfig.configMaps().withName("on-the-ephemeral-cluster").get()).isNotNull();
        }
        assertThat(kubeconfig).contains("current-context: \"pr-shop-42\"");
    }

    @Test
    void addsANodeWhoseReadyConditionIsTrue() {
        ephemeral.addReadyNode("pr-shop-42-control-plane");

        Node node = ephemeral.client().nodes().withName("pr-shop-42-control-plane").get();

        assertThat(node.getStatus().getConditions())
                .anySatisfy(condition -> {
                    assertThat(condition.getType()).isEqualTo("Ready");
                    assertThat(condition.getStatus()).isEqualTo("True");
                });
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.30.6+k3s1");
        assertThat(tools.client().nodes().list().getItems()).isEmpty();
    }

    static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().withData(Map.of("k", "v")).build();
    }
}
