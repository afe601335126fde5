package pw.fullstack.ephemeral.testkit.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour.ChartOutcome;

/** A K3s workload cluster as the installer sees it: helm-controller Jobs, charts' Deployments and CRDs, external-dns. */
class SimulatedK3sTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SimulatedWorkloads workloads;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (workloads != null) {
            workloads.close();
        }
    }

    private KubernetesClient k3s(String name, WorkloadBehaviour behaviour) {
        workloads = SimulatedWorkloads.start(behaviour);
        MockKubernetesCluster cluster = MockKubernetesCluster.builder().withCrds(UpstreamCrds.k3sBuiltIn()).start();
        closeables.add(cluster);
        closeables.add(workloads.attach(name, cluster));
        // the installer's view: a client built from the kubeconfig, as for a real cluster
        KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig(name))).build();
        closeables.add(client);
        return client;
    }

    private static GenericKubernetesResource helmChart(String name, String repo, String chart, String version, String values) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion("helm.cattle.io/v1");
        resource.setKind("HelmChart");
        resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace("kube-system").build());
        resource.setAdditionalProperty("spec", Map.of("repo", repo, "chart", chart, "version", version,
                "targetNamespace", chart, "createNamespace", true, "valuesContent", values, "backOffLimit", 2,
                "failurePolicy", "abort"));
        return resource;
    }

    private static Job job(KubernetesClient client, String chart) {
        return client.batch().v1().jobs().inNamespace("kube-system").withName("helm-install-" + chart).get();
    }

    private static boolean hasCondition(Job job, String type) {
        return job != null && job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
    }

    private static boolean established(KubernetesClient client, String crd) {
        var found = client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
        return found != null && found.getStatus() != null && found.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }

    @Test
    void aPinnedChartsHelmInstallJobCompletesThenItsCrdsAreEstablishedAndItsDeploymentsAvailable() {
        KubernetesClient client = k3s("pr-a-1", WorkloadBehaviour.installsAfter(Duration.ofMillis(200)));

        client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system")
                .resource(helmChart("cert-manager", "https://charts.jetstack.io", "cert-manager", "v1.18.6", "crds:\n  enabled: true\n"))
                .create();

        await().atMost(EVENTUALLY).until(() -> hasCondition(job(client, "cert-manager"), "Complete"));
        Job job = job(client, "cert-manager");
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getMetadata().getLabels()).containsEntry(SimulatedK3s.CHART_LABEL, "cert-manager");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(e -> e.getName().equals("FAILURE_POLICY") && e.getValue().equals("abort"));
        assertThat(established(client, "certificates.cert-manager.io")).isTrue();
        assertThat(established(client, "clusterissuers.cert-manager.io")).isTrue();
        assertThat(client.apps().deployments().inNamespace("cert-manager").list().getItems())
                .extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrder("cert-manager", "cert-manager-cainjector", "cert-manager-webhook");
        assertThat(client.apps().deployments().inNamespace("cert-manager").withName("cert-manager-webhook").get()
                .getStatus().getConditions()).anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
        var chart = client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system").withName("cert-manager").get();
        assertThat(((Map<?, ?>) chart.getAdditionalProperties().get("status")).get("jobName")).isEqualTo("helm-install-cert-manager");
        // the CRDs are served: a ClusterIssuer can be created now
        assertThat(client.genericKubernetesResources("cert-manager.io/v1", "ClusterIssuer").list().getItems()).isEmpty();
    }

    @Test
    void certManagerWithoutCrdsEnabledInstallsNoCrdsAndAnUnchangedReapplyRunsNoSecondJob() {
        KubernetesClient client = k3s("pr-a-2", WorkloadBehaviour.installsAfter(Duration.ofMillis(100)));
        var chart = helmChart("cert-manager", "https://charts.jetstack.io", "cert-manager", "v1.18.6", "replicaCount: 1\n");
        client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system").resource(chart).create();
        await().atMost(EVENTUALLY).until(() -> hasCondition(job(client, "cert-manager"), "Complete"));
        String uid = job(client, "cert-manager").getMetadata().getUid();

        client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system").resource(chart)
                .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() ->
                uid.equals(job(client, "cert-manager").getMetadata().getUid()));
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("certificates.cert-manager.io").get()).isNull();
    }

    @Test
    void aChartVersionThatDoesNotExistFailsTheJobAfterItsBackOffLimit() {
        KubernetesClient client = k3s("pr-a-3", WorkloadBehaviour.installsAfter(Duration.ofMillis(100)));

        client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system")
                .resource(helmChart("cert-manager", "https://charts.jetstack.io", "cert-manager", "v1.19.1", "")).create();

        await().atMost(EVENTUALLY).until(() -> hasCondition(job(client, "cert-manager"), "Failed"));
        Job job = job(client, "cert-manager");
        assertThat(job.getStatus().getFailed()).isEqualTo(3);
        assertThat(job.getStatus().getConditions()).anyMatch(c -> "BackoffLimitExceeded".equals(c.getReason()));
        assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void failureModesChartsThatFailOrHangAndCrdsThatNeverBecomeEstablished() {
        KubernetesClient client = k3s("pr-a-4", WorkloadBehaviour.installsAfter(Duration.ofMillis(100))
                .withChart("external-secrets", ChartOutcome.FAIL).withChart("cloudnative-pg", ChartOutcome.HANG)
                .withCrdsNeverEstablished());
        var charts = client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system");
        charts.resource(helmChart("external-secrets", "https://charts.external-secrets.io", "external-secrets", "1.3.2", "")).create();
        charts.resource(helmChart("cloudnative-pg", "https://cloudnative-pg.github.io/charts", "cloudnative-pg", "0.29.0", "")).create();
        charts.resource(helmChart("external-dns", "https://kubernetes-sigs.github.io/external-dns/", "external-dns", "1.20.0",
                "sources: [crd]\n")).create();

        await().atMost(EVENTUALLY).until(() -> hasCondition(job(client, "external-secrets"), "Failed")
                && hasCondition(job(client, "external-dns"), "Complete"));
        assertThat(job(client, "cloudnative-pg").getStatus().getActive()).isEqualTo(1);
        assertThat(hasCondition(job(client, "cloudnative-pg"), "Complete")).isFalse();
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("dnsendpoints.externaldns.k8s.io").get())
                .as("created, but never Established").isNotNull();
        assertThat(established(client, "dnsendpoints.externaldns.k8s.io")).isFalse();
    }

    private static GenericKubernetesResource dnsEndpoint(String name, String host, String ip) {
        return DnsFixtures.endpoint("default", name, Map.of(), ip, host);
    }

    private List<String> resolve(String host) throws Exception {
        return DnsFixtures.resolve(workloads.dnsServer(), host);
    }

    private void installExternalDns(KubernetesClient client, String values) {
        client.genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system")
                .resource(helmChart("external-dns", "https://kubernetes-sigs.github.io/external-dns/", "external-dns", "1.20.0",
                        values)).create();
        await().atMost(EVENTUALLY).until(() -> established(client, "dnsendpoints.externaldns.k8s.io"));
    }

    @Test
    void externalDnsWithTheCrdSourcePublishesADnsEndpointThatAResolverSeesAndRemovesItWithTheEndpoint() throws Exception {
        KubernetesClient client = k3s("pr-a-5", WorkloadBehaviour.installsAfter(Duration.ZERO));
        installExternalDns(client, "sources: [crd]\npolicy: sync\nregistry: txt\ntxtOwnerId: ephemeral-pr-a-5\n"
                + "domainFilters: [pr-5-a.ephemeral.test]\n");
        workloads.zone().seed("aws", "other.ephemeral.test", List.of("192.168.1.150"), "manual");

        client.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("default")
                .resource(dnsEndpoint("environment", "pr-5-a.ephemeral.test", "192.168.1.140")).create();

        await().atMost(EVENTUALLY).until(() -> resolve("pr-5-a.ephemeral.test").equals(List.of("192.168.1.140")));
        assertThat(workloads.zone().lookup("aws", "pr-5-a.ephemeral.test")).hasValueSatisfying(r ->
                assertThat(r.owner()).isEqualTo("ephemeral-pr-a-5"));
        assertThat(resolve("nothing-here.ephemeral.test")).isEmpty();

        client.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("default").withName("environment").delete();

        await().atMost(EVENTUALLY).until(() -> resolve("pr-5-a.ephemeral.test").isEmpty());
        assertThat(resolve("other.ephemeral.test")).as("a record it does not own stays").containsExactly("192.168.1.150");
    }

    @Test
    void externalDnsNarrowedToItsNamespaceAndTheInstallersLabelPublishesOnlyTheInstallersDnsEndpoint() throws Exception {
        KubernetesClient client = k3s("pr-a-10", WorkloadBehaviour.installsAfter(Duration.ZERO));
        // The chart's namespaced: true reads only the release's namespace (targetNamespace external-dns here).
        installExternalDns(client, "sources: [crd]\npolicy: sync\ntxtOwnerId: ephemeral-pr-a-10\nnamespaced: true\n"
                + "labelFilter: app.kubernetes.io/managed-by=ephemeral-installer\n");
        var endpoints = client.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS);
        // The app's own attempts: another PR's name from its namespace, and an unlabelled one next to the installer's.
        endpoints.inNamespace("default").resource(labelled(dnsEndpoint("hijack", "pr-11-a.ephemeral.test", "192.168.1.150")))
                .create();
        var unlabelled = dnsEndpoint("vault", "vault.ephemeral.test", "192.168.1.150");
        unlabelled.getMetadata().setNamespace("external-dns");
        endpoints.inNamespace("external-dns").resource(unlabelled).create();
        var ours = labelled(dnsEndpoint("environment", "pr-10-a.ephemeral.test", "192.168.1.148"));
        ours.getMetadata().setNamespace("external-dns");
        endpoints.inNamespace("external-dns").resource(ours).create();

        await().atMost(EVENTUALLY).until(() -> resolve("pr-10-a.ephemeral.test").equals(List.of("192.168.1.148")));
        assertThat(resolve("pr-11-a.ephemeral.test")).as("outside its namespace").isEmpty();
        assertThat(resolve("vault.ephemeral.test")).as("without the installer's label").isEmpty();
    }

    private static GenericKubernetesResource labelled(GenericKubernetesResource endpoint) {
        endpoint.getMetadata().setLabels(Map.of("app.kubernetes.io/managed-by", "ephemeral-installer"));
        return endpoint;
    }

    @Test
    void theSeedsExternalDnsMistakesAreReproduced() throws Exception {
        // No crd source (the seed's Pi-hole instance): DNSEndpoints are never read.
        KubernetesClient noCrdSource = k3s("pr-a-6", WorkloadBehaviour.installsAfter(Duration.ZERO));
        installExternalDns(noCrdSource, "sources: [service, ingress]\npolicy: sync\n");
        noCrdSource.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("default")
                .resource(dnsEndpoint("environment", "pr-6-a.ephemeral.test", "192.168.1.142")).create();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> resolve("pr-6-a.ephemeral.test").isEmpty());

        // upsert-only publishes but never deletes: the record outlives its DNSEndpoint.
        MockKubernetesCluster second = MockKubernetesCluster.builder().withCrds(UpstreamCrds.k3sBuiltIn()).start();
        closeables.add(second);
        closeables.add(workloads.attach("pr-a-7", second));
        installExternalDns(second.client(), "sources: [crd]\npolicy: upsert-only\ntxtOwnerId: shared\n");
        second.client().genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("default")
                .resource(dnsEndpoint("environment", "pr-7-a.ephemeral.test", "192.168.1.144")).create();
        await().atMost(EVENTUALLY).until(() -> !resolve("pr-7-a.ephemeral.test").isEmpty());
        second.client().genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("default").withName("environment").delete();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !resolve("pr-7-a.ephemeral.test").isEmpty());

        // A shared owner id with policy sync: a second cluster deletes the first one's record.
        MockKubernetesCluster third = MockKubernetesCluster.builder().withCrds(UpstreamCrds.k3sBuiltIn()).start();
        closeables.add(third);
        closeables.add(workloads.attach("pr-a-8", third));
        installExternalDns(third.client(), "sources: [crd]\npolicy: sync\ntxtOwnerId: shared\n");
        await().atMost(EVENTUALLY).until(() -> resolve("pr-7-a.ephemeral.test").isEmpty());
    }

    @Test
    void anUnreachableWorkloadClusterRefusesConnectionsAndItsRecordsStayInTheZone() throws Exception {
        KubernetesClient client = k3s("pr-a-9", WorkloadBehaviour.installsAfter(Duration.ZERO));
        installExternalDns(client, "sources: [crd]\npolicy: sync\ntxtOwnerId: ephemeral-pr-a-9\n");
        client.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("default")
                .resource(dnsEndpoint("environment", "pr-9-a.ephemeral.test", "192.168.1.146")).create();
        await().atMost(EVENTUALLY).until(() -> !resolve("pr-9-a.ephemeral.test").isEmpty());

        workloads.cluster("pr-a-9").orElseThrow().makeUnreachable();

        KubernetesClient fresh = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                client.getConfiguration()).withRequestRetryBackoffLimit(0).withConnectionTimeout(1000).build()).build();
        closeables.add(fresh);
        assertThatThrownBy(() -> fresh.namespaces().list()).isInstanceOf(KubernetesClientException.class);
        assertThat(resolve("pr-9-a.ephemeral.test")).as("a cluster that dies keeps its record: the leak DnsReleased prevents")
                .containsExactly("192.168.1.146");
    }

    @Test
    void aDnsServerThatStopsAnsweringTimesTheResolverOut() {
        workloads = SimulatedWorkloads.start(Duration.ZERO);
        workloads.dnsServer().answering(false);
        assertThatThrownBy(() -> {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(workloads.dnsServer().host(),
                    workloads.dnsServer().port()));
            resolver.setTimeout(Duration.ofMillis(300));
            resolver.send(Message.newQuery(Record.newRecord(Name.fromString("x.test."), Type.A, DClass.IN)));
        }).isInstanceOf(java.io.IOException.class);
        assertThat(workloads.dnsServer().queryCount()).isPositive();
    }
}
