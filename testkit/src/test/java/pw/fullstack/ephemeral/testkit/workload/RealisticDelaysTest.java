package pw.fullstack.ephemeral.testkit.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/** The simulation's realistic delays: a chart's install in stages, external-dns' interval, ACME's issuance time. */
class RealisticDelaysTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(20);

    private static GenericKubernetesResource certManagerChart() {
        GenericKubernetesResource chart = new GenericKubernetesResource();
        chart.setApiVersion("helm.cattle.io/v1");
        chart.setKind("HelmChart");
        chart.setMetadata(new ObjectMetaBuilder().withName("cert-manager").withNamespace("kube-system").build());
        chart.setAdditionalProperty("spec", Map.of("repo", "https://charts.jetstack.io", "chart", "cert-manager",
                "version", "v1.18.6", "targetNamespace", "cert-manager", "createNamespace", true,
                "valuesContent", "crds:\n  enabled: true\n"));
        return chart;
    }

    private static GenericKubernetesResource clusterIssuer() {
        GenericKubernetesResource issuer = SimulatedCertManager.acmeDns01ClusterIssuer("staging",
                "https://acme-staging-v02.api.letsencrypt.org/directory", "platform@fullstack.pw");
        return issuer;
    }

    private static boolean available(KubernetesClient client, String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return deployment != null && deployment.getStatus() != null && deployment.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
    }

    @Test
    void aChartsCrdsComeFirstThenItsJobCompletesThenItsDeploymentsBecomeAvailable() throws Exception {
        WorkloadBehaviour behaviour = WorkloadBehaviour.installsAfter(Duration.ZERO)
                .withChartTimings("cert-manager", new ChartTimings(Duration.ofMillis(300), Duration.ofMillis(900),
                        Duration.ofMillis(1800)));
        try (SimulatedWorkloads workloads = SimulatedWorkloads.start(behaviour);
             MockKubernetesCluster cluster = MockKubernetesCluster.builder().withCrds(UpstreamCrds.k3sBuiltIn()).start();
             AutoCloseable attached = workloads.attach("pr-r-1", cluster)) {
            KubernetesClient client = cluster.client();
            // before the chart: the kinds it brings do not exist, the API server refuses them
            assertThatThrownBy(() -> client.genericKubernetesResources("cert-manager.io/v1", "ClusterIssuer")
                    .resource(clusterIssuer()).create()).isInstanceOf(KubernetesClientException.class);

            client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system").resource(certManagerChart())
                    .create();

            await().atMost(EVENTUALLY).until(() -> client.apiextensions().v1().customResourceDefinitions()
                    .withName("clusterissuers.cert-manager.io").get() != null);
            client.genericKubernetesResources("cert-manager.io/v1", "ClusterIssuer").resource(clusterIssuer()).create();
            await().atMost(EVENTUALLY).until(() -> client.apps().deployments().inNamespace("cert-manager")
                    .withName("cert-manager-webhook").get() != null);
            assertThat(available(client, "cert-manager", "cert-manager-webhook")).isFalse();
            await().atMost(EVENTUALLY).until(() -> available(client, "cert-manager", "cert-manager-webhook"));

            ChartMarks marks = workloads.cluster("pr-r-1").orElseThrow().chartMarks().get("cert-manager");
            assertThat(marks.crdsEstablished()).isAfterOrEqualTo(marks.started().plusMillis(300));
            assertThat(marks.installed()).isAfterOrEqualTo(marks.started().plusMillis(900));
            assertThat(marks.available()).isAfterOrEqualTo(marks.started().plusMillis(1800));
        }
    }

    @Test
    void externalDnsWithAnIntervalPublishesANewRecordAtItsNextSyncNotAtTheChange() {
        try (MockKubernetesCluster tools = MockKubernetesCluster.builder().withCrds(UpstreamCrds.toolsCluster()).start()) {
            FakeDnsZone zone = new FakeDnsZone();
            SimulatedExternalDns externalDns = SimulatedExternalDns.start(tools.client(), zone,
                    SimulatedExternalDns.Settings.crdSync("cloudflare", "tools", "ephemeral.fullstack.pw")
                            .withInterval(Duration.ofSeconds(2)));
            try {
                tools.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                        .withName("pr-x-1").endMetadata().build()).create();
                Instant created = Instant.now();
                tools.client().genericKubernetesResources(SimulatedExternalDns.DNS_ENDPOINTS).inNamespace("pr-x-1")
                        .resource(DnsFixtures.endpoint("pr-x-1", "env", Map.of(), "10.0.0.1", "pr-1-x.ephemeral.fullstack.pw")).create();

                await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(1))
                        .until(() -> zone.lookup("pr-1-x.ephemeral.fullstack.pw").isEmpty());
                await().atMost(EVENTUALLY).until(() -> zone.lookup("pr-1-x.ephemeral.fullstack.pw").isPresent());
                assertThat(zone.firstPublished("pr-1-x.ephemeral.fullstack.pw").orElseThrow())
                        .isBetween(created, created.plusSeconds(3));
            } finally {
                externalDns.close();
            }
        }
    }

    @Test
    void anAcmeCertificateIsIssuedOnlyAfterTheIssuanceTime() {
        try (MockKubernetesCluster tools = MockKubernetesCluster.builder().withCrds(UpstreamCrds.toolsCluster()).start();
             SimulatedCertManager certManager = SimulatedCertManager.start(tools.client(), Duration.ofSeconds(4))) {
            tools.client().genericKubernetesResources(SimulatedCertManager.CLUSTER_ISSUERS).resource(clusterIssuer()).create();
            tools.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                    .withName("pr-x-2").endMetadata().build()).create();
            GenericKubernetesResource certificate = new GenericKubernetesResource();
            certificate.setApiVersion("cert-manager.io/v1");
            certificate.setKind("Certificate");
            certificate.setMetadata(new ObjectMetaBuilder().withName("env").withNamespace("pr-x-2").build());
            certificate.setAdditionalProperty("spec", Map.of("secretName", "env-tls", "dnsNames",
                    List.of("pr-2-x.ephemeral.fullstack.pw"), "issuerRef", Map.of("name", "staging", "kind", "ClusterIssuer")));
            Instant requested = Instant.now();
            tools.client().genericKubernetesResources(SimulatedCertManager.CERTIFICATES).inNamespace("pr-x-2")
                    .resource(certificate).create();

            await().atMost(EVENTUALLY).until(() -> certManager.firstIssued("pr-x-2", "env").isPresent());
            assertThat(certManager.firstIssued("pr-x-2", "env").orElseThrow()).isAfterOrEqualTo(requested.plusSeconds(4));
            assertThat(tools.client().secrets().inNamespace("pr-x-2").withName("env-tls").get().getMetadata().getCreationTimestamp())
                    .isNotNull();
        }
    }
}
