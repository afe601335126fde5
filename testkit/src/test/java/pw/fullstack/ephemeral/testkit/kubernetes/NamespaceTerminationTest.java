package pw.fullstack.ephemeral.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/** Namespace deletion as the API server and its namespace controller do it (what a teardown meets). */
class NamespaceTerminationTest {

    private static final String NS = "pr-demo-apps-7";

    private MockKubernetesCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        cluster = MockKubernetesCluster.builder().withCrds(UpstreamCrds.CLUSTER_API).start();
        client = cluster.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void keepsADeletedNamespaceTerminatingWhileAnObjectInItHasAFinalizer() {
        client.configMaps().inNamespace(NS).resource(configMap("held", List.of("example.com/cleanup"))).create();

        client.namespaces().withName(NS).delete();

        Namespace terminating = client.namespaces().withName(NS).get();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(terminating.getSpec().getFinalizers()).containsExactly("kubernetes");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.configMaps().inNamespace(NS).withName("held").get().getMetadata().getDeletionTimestamp())
                        .as("the namespace controller asked for the object's deletion").isNotBlank());
        // The controller has worked on the namespace (it marked the object); for ten of its ticks more it stays.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> client.namespaces().withName(NS).get() != null);

        client.configMaps().inNamespace(NS).withName("held").edit(cm -> {
            cm.getMetadata().setFinalizers(List.of());
            return cm;
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> client.namespaces().withName(NS).get() == null);
    }

    @Test
    void deletesTheContentsOfADeletedNamespaceAndThenTheNamespace() {
        client.configMaps().inNamespace(NS).resource(configMap("plain", List.of())).create();
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName(NS + "-kubeconfig").endMetadata().withStringData(Map.of("value", "x")).build()).create();

        client.namespaces().withName(NS).delete();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.namespaces().withName(NS).get() == null);
        assertThat(client.configMaps().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.secrets().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void refusesToCreateAnythingInATerminatingNamespaceAsTheApiServerDoes() {
        cluster.holdNamespacesTerminating(Duration.ofSeconds(30));
        client.namespaces().withName(NS).delete();

        assertThatThrownBy(() -> client.configMaps().inNamespace(NS).resource(configMap("late", List.of())).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                    assertThat(e.getStatus().getMessage()).isEqualTo("configmaps \"late\" is forbidden: unable to create new"
                            + " content in namespace " + NS + " because it is being terminated");
                    assertThat(e.getStatus().getDetails().getCauses()).singleElement()
                            .satisfies(cause -> assertThat(cause.getReason()).isEqualTo("NamespaceTerminating"));
                });
        assertThatThrownBy(() -> client.genericKubernetesResources("cluster.x-k8s.io/v1beta1", "Cluster").inNamespace(NS)
                .resource(new io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder()
                        .withApiVersion("cluster.x-k8s.io/v1beta1").withKind("Cluster")
                        .withNewMetadata().withName(NS).withNamespace(NS).endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .startsWith("clusters.cluster.x-k8s.io \"" + NS + "\" is forbidden"));
    }

    @Test
    void answersConflictToASecondDeleteAndKeepsTheMarksThroughAnUpdate() {
        cluster.holdNamespacesTerminating(Duration.ofSeconds(30));
        client.namespaces().withName(NS).delete();

        assertThatThrownBy(() -> client.namespaces().withName(NS).delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        Namespace updated = client.namespaces().withName(NS).edit(ns -> {
            ns.getMetadata().setAnnotations(Map.of("example.com/note", "still here"));
            ns.getMetadata().setDeletionTimestamp(null);
            return ns;
        });

        assertThat(updated.getMetadata().getAnnotations()).containsEntry("example.com/note", "still here");
        assertThat(client.namespaces().withName(NS).get().getMetadata().getDeletionTimestamp()).isNotBlank();
        assertThat(client.namespaces().withName(NS).get().getStatus().getPhase()).isEqualTo("Terminating");
    }

    @Test
    void letsTheNamespaceBeCreatedAgainOnceItIsGone() {
        client.namespaces().withName(NS).delete();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.namespaces().withName(NS).get() == null);

        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        client.configMaps().inNamespace(NS).resource(configMap("fresh", List.of())).create();

        assertThat(client.namespaces().withName(NS).get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName("fresh").get()).isNotNull();
    }

    private static ConfigMap configMap(String name, List<String> finalizers) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withFinalizers(finalizers).endMetadata()
                .withData(Map.of("k", "v")).build();
    }

}
