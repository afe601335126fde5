package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.AcmeSolver;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.DnsProvider;
import pw.fullstack.ephemeral.templates.WorkloadTemplateSettings.Publishing;
import pw.fullstack.ephemeral.testkit.schema.AdmissionOutcome;
import pw.fullstack.ephemeral.testkit.schema.ApiServerAdmission;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/**
 * Every Phase 1 and Phase 2 variant, as the API server of a K3s cluster with the pinned operators
 * installed would see it: HelmCharts against K3s's helm-controller CRD, the Phase 2 objects against
 * the upstream cert-manager, external-dns, external-secrets and CloudNativePG CRDs — on create and on
 * a re-apply. The chart versions in the templates are the upstream CRDs' versions.
 */
class RenderedWorkloadTemplatesOnTheApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ApiServerAdmission API_SERVER = ApiServerAdmission.upstream();
    private final WorkloadTemplates templates = new WorkloadTemplates(TemplateSource.packaged());

    static WorkloadCluster cluster(boolean postgres) {
        return new WorkloadCluster("pr-cksbackend-42", "pr-42-cksbackend.ephemeral.fullstack.pw", "192.168.1.140",
                "ephemeral-clusters/apps/cks-backend", postgres);
    }

    /** The seed's way: external-dns and the DNS-01 issuer with their credentials in the PR's cluster. */
    static WorkloadTemplateSettings inCluster() {
        return WorkloadTemplateSettings.defaults().withPublishing(Publishing.inCluster());
    }

    static Stream<Arguments> variants() {
        WorkloadTemplateSettings defaults = inCluster();
        WorkloadTemplateSettings tools = WorkloadTemplateSettings.defaults();
        return Stream.of(
                Arguments.of("defaults (tools cluster publishes and issues)", tools, false),
                Arguments.of("tools cluster with the wildcard and install_postgres", tools.withPublishing(
                        Publishing.toolsCluster().withWildcard(true)), true),
                Arguments.of("tools cluster, HTTP-01 issuer in the cluster", tools.withAcmeSolver(AcmeSolver.HTTP01), false),
                Arguments.of("in-cluster (Cloudflare + Pi-hole, DNS-01)", defaults, false),
                Arguments.of("in-cluster with the wildcard", defaults.withPublishing(Publishing.inCluster().withWildcard(true)),
                        false),
                Arguments.of("with install_postgres", defaults, true),
                Arguments.of("Cloudflare only", defaults.withDnsProviders(EnumSet.of(DnsProvider.CLOUDFLARE)), false),
                Arguments.of("Pi-hole only, HTTP-01", defaults.withDnsProviders(EnumSet.of(DnsProvider.PIHOLE))
                        .withAcmeSolver(AcmeSolver.HTTP01), true),
                Arguments.of("Cloudflare zone by id", defaults.withCloudflareZoneId("023e105f4ecef8ad9ca31a8372d0c353"), false),
                Arguments.of("small quota, own namespace and names", defaults.withApp(new WorkloadTemplateSettings.AppNames(
                        "shop", "letsencrypt", "app-secrets", "app-db")).withQuota(
                        new WorkloadTemplateSettings.Quota("500m", "1Gi", "1", "1536Mi", "1Gi", 1, 5, "200m", "256Mi", "50m",
                                "64Mi")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyRenderedObjectIsAcceptedOnCreateAndOnReapply(String variant, WorkloadTemplateSettings settings, boolean postgres) {
        List<ManifestObject> objects = new java.util.ArrayList<>(templates.phase1(cluster(postgres), settings));
        objects.addAll(templates.phase2(cluster(postgres), settings));
        objects.addAll(templates.toolsSide(cluster(postgres), settings));
        for (ManifestObject object : objects) {
            JsonNode json = JSON.valueToTree(object.content());
            AdmissionOutcome created = API_SERVER.admit(json, null);
            assertThat(created).as(variant + ": " + object).isInstanceOf(AdmissionOutcome.Accepted.class);
            JsonNode stored = ((AdmissionOutcome.Accepted) created).object();
            assertThat(API_SERVER.admit(json, stored)).as(variant + ": re-apply of " + object)
                    .isInstanceOf(AdmissionOutcome.Accepted.class);
        }
        // Built-in kinds are not schema-checked by the admission: their quantities must still parse.
        objects.stream().filter(o -> o.kind().equals("ResourceQuota") || o.kind().equals("LimitRange")).forEach(o ->
                JSON.valueToTree(o.content()).findValues("cpu").forEach(q -> assertThat(Quantity.parse(q.asText())).isNotNull()));
    }

    @Test
    void theChartsArePinnedToTheVendoredCrdVersionsWithABoundedBackOffAndAbortOnFailure() throws Exception {
        List<ManifestObject> charts = templates.phase1(cluster(true), inCluster());
        Map<String, String> versions = new java.util.TreeMap<>();
        for (ManifestObject chart : charts) {
            JsonNode spec = JSON.valueToTree(chart.content()).path("spec");
            versions.put(chart.name(), spec.path("version").asText());
            assertThat(spec.path("backOffLimit").asInt()).as(chart.name()).isEqualTo(3);
            assertThat(spec.path("failurePolicy").asText()).isEqualTo("abort");
            assertThat(spec.has("valuesSecrets")).as("K3s v1.30.6's helm-controller v0.16.5 does not know valuesSecrets").isFalse();
            assertThat(chart.namespace()).isEqualTo("kube-system");
        }
        assertThat(versions).containsExactlyInAnyOrderEntriesOf(Map.of(
                "cert-manager", UpstreamCrds.CERT_MANAGER.version(),
                "external-dns-cloudflare", "1.20.0",
                "external-dns-pihole", "1.20.0",
                "external-secrets", UpstreamCrds.EXTERNAL_SECRETS.version().replaceFirst("^v", ""),
                "cloudnative-pg", "0.29.0"));
        assertThat(UpstreamCrds.EXTERNAL_DNS.version()).contains("chart 1.20.0");
        JsonNode certManagerValues = YAML.readTree(JSON.valueToTree(charts.get(0).content()).at("/spec/valuesContent").asText());
        assertThat(certManagerValues.at("/crds/enabled").asBoolean()).as("cert-manager's CRDs come with the chart").isTrue();
    }

    @Test
    void inClusterExternalDnsReadsOnlyTheInstallersDnsEndpointAndCanTouchOnlyThisClustersOwnRecords() throws Exception {
        List<ManifestObject> charts = templates.phase1(cluster(false), inCluster());
        for (String name : List.of("external-dns-cloudflare", "external-dns-pihole")) {
            JsonNode values = values(charts, name);
            assertThat(values.path("sources")).extracting(JsonNode::asText).contains("crd");
            assertThat(values.path("policy").asText()).isEqualTo("sync");
            // The app holds the kubeconfig: only the installer's namespace and label are read (finding 3).
            assertThat(values.path("namespaced").asBoolean()).as(name).isTrue();
            assertThat(values.path("labelFilter").asText()).isEqualTo("app.kubernetes.io/managed-by=ephemeral-installer");
        }
        JsonNode endpoint = JSON.valueToTree(templates.phase2(cluster(false), inCluster()).stream()
                .filter(o -> o.kind().equals("DNSEndpoint")).findFirst().orElseThrow().content());
        assertThat(endpoint.at("/metadata/namespace").asText()).isEqualTo("external-dns");
        assertThat(endpoint.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("ephemeral-installer");
        // Pi-hole keeps no ownership records: its filter, this PR's name, is all that keeps sync off other records.
        assertThat(values(charts, "external-dns-pihole").path("domainFilters")).extracting(JsonNode::asText)
                .containsExactly("pr-42-cksbackend.ephemeral.fullstack.pw");
        assertThat(values(charts, "external-dns-cloudflare").path("registry").asText()).isEqualTo("txt");
        assertThat(values(charts, "external-dns-cloudflare").path("txtOwnerId").asText()).isEqualTo("ephemeral-pr-cksbackend-42");
        assertThat(values(charts, "external-dns-pihole").path("registry").asText()).isEqualTo("noop");

        WorkloadCluster other = new WorkloadCluster("pr-demoapps-7", "pr-7-demoapps.ephemeral.fullstack.pw", "192.168.1.142",
                "ephemeral-clusters/apps/demo-apps", false);
        JsonNode otherValues = values(templates.phase1(other, inCluster()), "external-dns-cloudflare");
        assertThat(otherValues.path("txtOwnerId").asText()).as("never shared between clusters")
                .isNotEqualTo(values(charts, "external-dns-cloudflare").path("txtOwnerId").asText());
    }

    private static JsonNode values(List<ManifestObject> charts, String name) throws Exception {
        ManifestObject chart = charts.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        return YAML.readTree(JSON.valueToTree(chart.content()).at("/spec/valuesContent").asText());
    }

    @Test
    void byDefaultNoDnsCredentialOrPublisherEntersTheClusterAndTheNameAndCertificateAreMadeOnTheToolsCluster() {
        WorkloadTemplateSettings defaults = WorkloadTemplateSettings.defaults();
        assertThat(defaults.needsCloudflareToken()).isFalse();
        assertThat(defaults.needsPiholePassword()).isFalse();
        assertThat(templates.phase1(cluster(false), defaults)).extracting(ManifestObject::name)
                .containsExactly("cert-manager", "external-secrets");
        List<ManifestObject> phase2 = templates.phase2(cluster(false), defaults);
        assertThat(phase2).extracting(ManifestObject::kind).doesNotContain("DNSEndpoint");
        JsonNode issuer = JSON.valueToTree(phase2.stream().filter(o -> o.kind().equals("ClusterIssuer")).findFirst().orElseThrow()
                .content());
        assertThat(issuer.at("/metadata/name").asText()).as("the name the seed's apps annotate").isEqualTo("letsencrypt-staging");
        assertThat(issuer.at("/spec").fieldNames()).toIterable().containsExactly("selfSigned");

        List<ManifestObject> tools = templates.toolsSide(cluster(false), defaults);
        assertThat(tools).extracting(o -> o.kind() + " " + o.namespace() + "/" + o.name())
                .containsExactly("DNSEndpoint pr-cksbackend-42/environment", "Certificate pr-cksbackend-42/environment");
        JsonNode endpoint = JSON.valueToTree(tools.get(0).content());
        assertThat(endpoint.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("ephemeral-installer");
        assertThat(endpoint.at("/spec/endpoints").findValuesAsText("dnsName")).containsExactly("pr-42-cksbackend.ephemeral.fullstack.pw");
        assertThat(endpoint.at("/spec/endpoints/0/targets/0").asText()).isEqualTo("192.168.1.140");
        JsonNode certificate = JSON.valueToTree(tools.get(1).content());
        assertThat(certificate.at("/spec/issuerRef/name").asText()).isEqualTo("letsencrypt-staging");
        assertThat(certificate.at("/spec/issuerRef/kind").asText()).isEqualTo("ClusterIssuer");
        assertThat(certificate.at("/spec/dnsNames")).extracting(JsonNode::asText)
                .containsExactly("pr-42-cksbackend.ephemeral.fullstack.pw");

        WorkloadTemplateSettings wildcard = defaults.withPublishing(new Publishing(WorkloadTemplateSettings.DnsPublisher.TOOLS_CLUSTER,
                true, "letsencrypt-prod"));
        List<ManifestObject> both = templates.toolsSide(cluster(false), wildcard);
        assertThat(JSON.valueToTree(both.get(0).content()).at("/spec/endpoints").findValuesAsText("dnsName"))
                .containsExactly("pr-42-cksbackend.ephemeral.fullstack.pw", "*.pr-42-cksbackend.ephemeral.fullstack.pw");
        JsonNode wildcardCertificate = JSON.valueToTree(both.get(1).content());
        assertThat(wildcardCertificate.at("/spec/dnsNames")).extracting(JsonNode::asText).containsExactly("pr-42-cksbackend.ephemeral.fullstack.pw", "*.pr-42-cksbackend.ephemeral.fullstack.pw");
        assertThat(wildcardCertificate.at("/spec/issuerRef/name").asText()).isEqualTo("letsencrypt-prod");
        assertThat(templates.toolsSide(cluster(false), inCluster())).as("the seed's way makes nothing on the tools cluster").isEmpty();
    }

    @Test
    void inClusterPhase2PointsTheNameAtTheVipAndTheIssuerAtStagingWithDns01() {
        List<ManifestObject> objects = templates.phase2(cluster(false), inCluster());
        JsonNode endpoint = JSON.valueToTree(objects.stream().filter(o -> o.kind().equals("DNSEndpoint")).findFirst().orElseThrow()
                .content());
        assertThat(endpoint.at("/spec/endpoints/0/dnsName").asText()).isEqualTo("pr-42-cksbackend.ephemeral.fullstack.pw");
        assertThat(endpoint.at("/spec/endpoints/0/targets/0").asText()).isEqualTo("192.168.1.140");
        JsonNode issuer = JSON.valueToTree(objects.stream().filter(o -> o.kind().equals("ClusterIssuer")).findFirst().orElseThrow()
                .content());
        assertThat(issuer.at("/spec/acme/server").asText()).contains("acme-staging-v02");
        assertThat(issuer.at("/spec/acme/solvers/0/dns01/cloudflare/apiTokenSecretRef/name").asText()).isEqualTo("cloudflare-api-token");
        assertThat(objects).extracting(ManifestObject::kind).doesNotContain("Cluster");
        JsonNode store = JSON.valueToTree(objects.stream().filter(o -> o.kind().equals("ClusterSecretStore")).findFirst()
                .orElseThrow().content());
        assertThat(store.at("/spec/provider/vault/auth/tokenSecretRef/name").asText()).isEqualTo("vault-token");
        assertThat(objects).extracting(ManifestObject::kind).containsSubsequence("ResourceQuota", "LimitRange", "ExternalSecret");

        List<ManifestObject> http01 = templates.phase2(cluster(false), inCluster().withAcmeSolver(AcmeSolver.HTTP01));
        JsonNode httpIssuer = JSON.valueToTree(http01.get(0).content());
        assertThat(httpIssuer.at("/spec/acme/solvers/0/http01/ingress/ingressClassName").asText()).isEqualTo("traefik");
        assertThat(Set.copyOf(WorkloadTemplates.phase2Templates(cluster(true), WorkloadTemplateSettings.defaults())))
                .contains(WorkloadTemplates.POSTGRES);
    }
}
