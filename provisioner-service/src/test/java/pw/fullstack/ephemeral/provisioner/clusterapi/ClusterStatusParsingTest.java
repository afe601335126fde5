package pw.fullstack.ephemeral.provisioner.clusterapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterStatusParsingTest {

    private static GenericKubernetesResource withStatus(Map<String, Object> status) {
        GenericKubernetesResource cluster = new GenericKubernetesResource();
        cluster.getAdditionalProperties().put("status", status);
        return cluster;
    }

    @Test
    void readsConditions() {
        var cluster = withStatus(Map.of("conditions", List.of(
                Map.of("type", "Available", "status", "True", "reason", "Ready"),
                Map.of("type", "ControlPlaneInitialized", "status", "False", "message", "line one\nline two"))));

        assertThat(ToolsCluster.conditions(cluster)).extracting(Condition::describe)
                .containsExactly("Available=True: Ready", "ControlPlaneInitialized=False: line one line two");
    }

    @Test
    void findsAProviderFailureInV1beta2DeprecatedV1beta1AndInPhase() {
        assertThat(ToolsCluster.providerFailure(withStatus(Map.of("deprecated", Map.of("v1beta1",
                Map.of("failureReason", "CreateError", "failureMessage", "clone failed"))))))
                .hasValue("CreateError: clone failed");
        assertThat(ToolsCluster.providerFailure(withStatus(Map.of("failureMessage", "boom")))).hasValue("boom");
        assertThat(ToolsCluster.providerFailure(withStatus(Map.of("phase", "Failed")))).hasValue("Cluster phase Failed");
        assertThat(ToolsCluster.providerFailure(withStatus(Map.of("phase", "Provisioning")))).isEmpty();
        assertThat(ToolsCluster.providerFailure(new GenericKubernetesResource())).isEmpty();
    }
}
