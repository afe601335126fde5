package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/**
 * The rendered template, booted by the simulated Cluster API whose VM names its NIC as the kernel does
 * on Proxmox ({@code ens18}; CAPMOX's {@code eth0} is only a netplan label): kube-vip told to use
 * {@code eth0} announces the VIP nowhere, so the cluster never becomes Available (issue 18.1).
 */
class KubeVipOnTheNodesNicTest {

    private final ClusterTemplates templates = new ClusterTemplates(TemplateSource.packaged());
    private MockKubernetesCluster tools;
    private SimulatedClusterApiController clusterApi;

    @BeforeEach
    void start() {
        tools = MockKubernetesCluster.builder().withCrds(UpstreamCrds.toolsCluster()).start();
        clusterApi = SimulatedClusterApiController.builder(tools.client()).readyAfter(Duration.ofMillis(200)).start();
    }

    @AfterEach
    void stop() {
        clusterApi.close();
        tools.close();
    }

    @Test
    void theDefaultLetsKubeVipFindTheNicAndTheClusterBecomesAvailable() {
        apply("pr-cksbackend-42", ClusterTemplateSettings.defaults());

        await().atMost(Duration.ofSeconds(15)).until(() -> available("pr-cksbackend-42"));
    }

    @Test
    void kubeVipToldToUseTheNicsKernelNameWorksToo() {
        apply("pr-cksbackend-43", ClusterTemplateSettings.defaults().withKubeVip(ClusterTemplateSettings.KUBE_VIP_VERSION,
                SimulatedClusterApiController.NODE_NIC));

        await().atMost(Duration.ofSeconds(15)).until(() -> available("pr-cksbackend-43"));
    }

    @Test
    void kubeVipToldToUseEth0NeverAnswersSoTheClusterNeverBecomesAvailable() {
        apply("pr-cksbackend-44", ClusterTemplateSettings.defaults().withKubeVip(ClusterTemplateSettings.KUBE_VIP_VERSION, "eth0"));

        await().atMost(Duration.ofSeconds(15)).until(() -> !conditions("pr-cksbackend-44").isEmpty());
        assertThat(conditions("pr-cksbackend-44")).noneMatch(c -> "True".equals(c.get("status")));
        assertThat(conditions("pr-cksbackend-44").toString()).contains("kube-vip announces the VIP on eth0")
                .contains(SimulatedClusterApiController.NODE_NIC);
        assertThat(tools.client().secrets().inNamespace("pr-cksbackend-44").withName("pr-cksbackend-44-kubeconfig").get())
                .isNull();
    }

    private void apply(String name, ClusterTemplateSettings settings) {
        KubernetesClient client = tools.client();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        // The cluster's own copy of the site's credentials, as the provisioner makes it.
        var site = client.secrets().inNamespace(SimulatedClusterApiController.CREDENTIALS_NAMESPACE)
                .withName(SimulatedClusterApiController.CREDENTIALS_SECRET).get();
        client.secrets().inNamespace(name).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName(SimulatedClusterApiController.CREDENTIALS_SECRET).endMetadata().withData(site.getData())
                .withStringData(site.getStringData()).build()).create();
        for (ManifestObject object : templates.render(new ClusterTemplateValues(name, "192.168.1.140", "192.168.1.141",
                "pr-42-cksbackend.ephemeral.fullstack.pw", 42, "cks-backend", settings))) {
            if (object.kind().equals("Namespace")) {
                continue;
            }
            GenericKubernetesResource resource = client.getKubernetesSerialization()
                    .convertValue(object.content(), GenericKubernetesResource.class);
            String apiVersion = resource.getApiVersion();
            int slash = apiVersion.indexOf('/');
            client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                            .withGroup(apiVersion.substring(0, slash)).withVersion(apiVersion.substring(slash + 1))
                            .withKind(resource.getKind()).withPlural(plural(resource.getKind())).withNamespaced(true).build())
                    .inNamespace(name).resource(resource).create();
        }
    }

    private static String plural(String kind) {
        String lower = kind.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith("s") ? lower + "es" : lower + "s";
    }

    private boolean available(String name) {
        return conditions(name).stream().anyMatch(c -> "Available".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> conditions(String name) {
        GenericKubernetesResource cluster = tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS)
                .inNamespace(name).withName(name).get();
        var status = cluster == null ? null : (Map<String, Object>) cluster.getAdditionalProperties().get("status");
        return status == null || status.get("conditions") == null ? List.of() : (List<Map<String, Object>>) status.get("conditions");
    }
}
