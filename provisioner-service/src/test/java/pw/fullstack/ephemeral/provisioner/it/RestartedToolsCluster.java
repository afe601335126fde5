package pw.fullstack.ephemeral.provisioner.it;

import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterApiKinds;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.testkit.clusterapi.ClusterApiObjects;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;

/**
 * A tools cluster as a provisioner left it when it died: before this application starts, two
 * clusters are there with the provisioner's labels and annotations, one already Available with
 * its kubeconfig Secret (the previous process never reported it), one applied and still booting.
 */
public class RestartedToolsCluster extends ToolsClusterResource {

    static final String READY = "pr-restart-ready-1";
    static final String BOOTING = "pr-restart-booting-2";
    static final String SAGA = "0f6a3c3e-1d9b-4c51-9a59-2b0b8d0e7a11";
    static final String READY_CAUSE = "5d1e2f9a-6a3b-4c5d-8e7f-901a2b3c4d5e";
    static final String BOOTING_CAUSE = "7e2f3a0b-7b4c-4d6e-9f80-a12b3c4d5e6f";

    private MockKubernetesCluster workload;

    @Override
    protected void seed(MockKubernetesCluster tools) {
        workload = MockKubernetesCluster.start();
        workload.addReadyNode(READY + "-control-plane-x1");
        seedCluster(tools, READY, READY_CAUSE, "192.168.1.140", 1, true);
        seedCluster(tools, BOOTING, BOOTING_CAUSE, "192.168.1.141", 2, false);
        seedKubeconfig(tools, workload, READY);
    }

    static void seedKubeconfig(MockKubernetesCluster tools, MockKubernetesCluster workload, String name) {
        tools.client().secrets().inNamespace(name).resource(new SecretBuilder()
                .withNewMetadata().withName(name + "-kubeconfig").withNamespace(name).endMetadata()
                .addToData("value", Base64.getEncoder().encodeToString(workload.kubeconfig(name).getBytes(StandardCharsets.UTF_8)))
                .build()).create();
    }

    /** A cluster of run {@code SAGA-<pr>} in repository {@code restart}, as the provisioner annotates it; Available or booting. */
    static void seedCluster(MockKubernetesCluster tools, String name, String cause, String ip, int pr, boolean available) {
        Map<String, String> labels = Map.of(ClusterLabels.EPHEMERAL, "true", ClusterLabels.PR, Integer.toString(pr),
                ClusterLabels.REPO, "restart", ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER);
        Instant started = Instant.now();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ClusterLabels.CORRELATION_ID, SAGA + "-" + pr);
        annotations.put(ClusterLabels.CAUSE_ID, cause);
        annotations.put(ClusterLabels.REPOSITORY, "fullstack-pw/restart");
        annotations.put(ClusterLabels.PR_NUMBER, Integer.toString(pr));
        annotations.put(ClusterLabels.ADDRESSES, ip);
        annotations.put(ClusterLabels.DNS_NAME, "pr-" + pr + "-restart.ephemeral.fullstack.pw");
        annotations.put(ClusterLabels.PROVISIONING_STARTED, started.toString());
        annotations.put(ClusterLabels.PROVISIONING_DEADLINE, started.plus(Duration.ofMinutes(10)).toString());
        tools.client().namespaces().resource(new NamespaceBuilder().withMetadata(new ObjectMetaBuilder().withName(name)
                .withLabels(labels).withAnnotations(annotations).build()).build()).create();
        GenericKubernetesResource cluster = ClusterApiObjects.cluster(name, name, labels, annotations);
        tools.client().genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name).resource(cluster).create();
        if (available) {
            // Status only through the status subresource, as Cluster API's controller writes it.
            tools.client().genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name).withName(name).editStatus(c -> {
                c.setAdditionalProperty("status", Map.of("phase", "Provisioned", "conditions", List.of(
                        ClusterApiObjects.condition("Available", "True", "Ready", "", started.toString()))));
                return c;
            });
        }
    }

    @Override
    public void stop() {
        super.stop();
        if (workload != null) {
            workload.close();
        }
    }
}
