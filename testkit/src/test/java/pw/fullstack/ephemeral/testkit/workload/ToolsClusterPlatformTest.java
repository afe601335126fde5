package pw.fullstack.ephemeral.testkit.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/**
 * The platform's external-dns and cert-manager on the tools cluster: they publish and certify only what the
 * installer created there, and fail where the real ones fail.
 */
class ToolsClusterPlatformTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    private static final String DOMAIN = "ephemeral.fullstack.pw";
    private static final String HOST = "pr-7-shop." + DOMAIN;

    private MockKubernetesCluster tools;
    private KubernetesClient client;
    private FakeDnsZone zone;
    private FakeDnsServer dns;
    private ToolsClusterPlatform platform;

    @BeforeEach
    void start() {
        tools = MockKubernetesCluster.builder().withCrds(UpstreamCrds.toolsCluster()).start();
        client = tools.client();
        zone = new FakeDnsZone();
        dns = FakeDnsServer.start(zone);
        platform = ToolsClusterPlatform.start(client, zone, DOMAIN, "letsencrypt-staging");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("pr-shop-7").endMetadata().build()).create();
    }

    @AfterEach
    void stop() {
        platform.close();
        dns.close();
        tools.close();
    }

    private static GenericKubernetesResource endpoint(String namespace, String name, Map<String, String> labels, String... hosts) {
        return DnsFixtures.endpoint(namespace, name, labels, "192.168.1.140", hosts);
    }

    private static Map<String, String> installers() {
        return Map.of("app.kubernetes.io/managed-by", "ephemeral-installer");
    }

    private List<String> resolve(String host) throws Exception {
        return DnsFixtures.resolve(dns, host);
    }

    @Test
    void theInstallersDnsEndpointInAPrsNamespaceIsPublishedAtEveryProviderAndNothingElseIs() throws Exception {
        var endpoints = client.genericKubernetesResources(SimulatedExternalDns.DNS_ENDPOINTS);
        // Not the installer's: someone else's DNSEndpoint, and one of ours for a name outside the site's domain.
        endpoints.inNamespace("pr-shop-7").resource(endpoint("pr-shop-7", "hand-made", Map.of(), "pr-8-other." + DOMAIN)).create();
        endpoints.inNamespace("pr-shop-7").resource(endpoint("pr-shop-7", "outside", installers(), "vault.fullstack.pw")).create();
        endpoints.inNamespace("pr-shop-7").resource(endpoint("pr-shop-7", "environment", installers(), HOST, "*." + HOST)).create();

        await().atMost(EVENTUALLY).until(() -> resolve(HOST).equals(List.of("192.168.1.140")));
        assertThat(zone.lookup("cloudflare", HOST)).hasValueSatisfying(r ->
                assertThat(r.owner()).isEqualTo(ToolsClusterPlatform.TXT_OWNER_ID));
        assertThat(zone.lookup("pihole", HOST)).isPresent();
        assertThat(resolve("api." + HOST)).as("the wildcard answers for names under the host").containsExactly("192.168.1.140");
        // Every DNSEndpoint was read in the same sync that published ours.
        assertThat(resolve("pr-8-other." + DOMAIN)).as("no label, not published").isEmpty();
        assertThat(resolve("vault.fullstack.pw")).as("outside the domain filter").isEmpty();
    }

    @Test
    void deletingTheDnsEndpointOrItsNamespaceTakesTheRecordsAwayButNoOneElses() throws Exception {
        zone.seed("cloudflare", "www." + DOMAIN, List.of("192.168.1.10"), "k8s-toolz");
        var endpoints = client.genericKubernetesResources(SimulatedExternalDns.DNS_ENDPOINTS);
        endpoints.inNamespace("pr-shop-7").resource(endpoint("pr-shop-7", "environment", installers(), HOST)).create();
        await().atMost(EVENTUALLY).until(() -> !resolve(HOST).isEmpty());

        endpoints.inNamespace("pr-shop-7").withName("environment").delete();
        await().atMost(EVENTUALLY).until(() -> resolve(HOST).isEmpty());
        assertThat(zone.lookup("cloudflare", "www." + DOMAIN)).as("another owner's record stays").isPresent();

        // The backstop: the namespace goes, with whatever DNSEndpoint is still in it.
        endpoints.inNamespace("pr-shop-7").resource(endpoint("pr-shop-7", "environment", installers(), HOST)).create();
        await().atMost(EVENTUALLY).until(() -> !resolve(HOST).isEmpty());
        client.namespaces().withName("pr-shop-7").delete();
        await().atMost(EVENTUALLY).until(() -> resolve(HOST).isEmpty());
    }

    @Test
    void aDnsEndpointThatTheCrdRefusesNeverReachesExternalDns() {
        GenericKubernetesResource invalid = endpoint("pr-shop-7", "environment", installers(), HOST);
        invalid.setAdditionalProperty("spec", Map.of("endpoints", List.of(Map.of("dnsName", HOST, "recordTTL", "sixty"))));

        assertThatThrownBy(() -> client.genericKubernetesResources(SimulatedExternalDns.DNS_ENDPOINTS).inNamespace("pr-shop-7")
                .resource(invalid).create()).isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422));
    }

    // cert-manager ---------------------------------------------------------------------------------

    private static GenericKubernetesResource certificate(String issuer, String... names) {
        GenericKubernetesResource certificate = new GenericKubernetesResource();
        certificate.setApiVersion("cert-manager.io/v1");
        certificate.setKind("Certificate");
        certificate.setMetadata(new ObjectMetaBuilder().withName("environment").withNamespace("pr-shop-7").build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("secretName", "environment-tls");
        spec.put("secretTemplate", Map.of("labels", Map.of("app.kubernetes.io/managed-by", "ephemeral-installer")));
        spec.put("dnsNames", List.of(names));
        spec.put("issuerRef", Map.of("name", issuer, "kind", "ClusterIssuer", "group", "cert-manager.io"));
        certificate.setAdditionalProperty("spec", spec);
        return certificate;
    }

    private Map<?, ?> status() {
        Object status = client.genericKubernetesResources(SimulatedCertManager.CERTIFICATES).inNamespace("pr-shop-7")
                .withName("environment").get().getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? m : Map.of();
    }

    private String condition(String type) {
        Object conditions = status().get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return "";
        }
        return list.stream().map(c -> (Map<?, ?>) c).filter(c -> type.equals(c.get("type")))
                .map(c -> c.get("status") + "/" + c.get("reason") + "/" + c.get("message")).findFirst().orElse("");
    }

    private Secret secret() {
        return client.secrets().inNamespace("pr-shop-7").withName("environment-tls").get();
    }

    private static X509Certificate leaf(Secret secret) throws Exception {
        byte[] pem = Base64.getDecoder().decode(secret.getData().get("tls.crt"));
        Collection<? extends java.security.cert.Certificate> chain = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem));
        return (X509Certificate) chain.iterator().next();
    }

    private static List<String> sans(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream().map(san -> san.get(1).toString()).toList();
    }

    @Test
    void aCertificateForTheHostAndItsWildcardGetsATlsSecretWithARealCertificateAndIsReady() throws Exception {
        client.genericKubernetesResources(SimulatedCertManager.CERTIFICATES).inNamespace("pr-shop-7")
                .resource(certificate("letsencrypt-staging", HOST, "*." + HOST)).create();

        await().atMost(EVENTUALLY).until(() -> condition("Ready").startsWith("True/Ready"));
        Secret secret = secret();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.getData()).containsOnlyKeys("tls.crt", "tls.key").as("an ACME issuer gives no ca.crt");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("tls.key")), StandardCharsets.UTF_8))
                .startsWith("-----BEGIN RSA PRIVATE KEY-----");
        X509Certificate leaf = leaf(secret);
        assertThat(sans(leaf)).containsExactly(HOST, "*." + HOST);
        assertThat(secret.getMetadata().getLabels()).as("spec.secretTemplate").containsEntry("app.kubernetes.io/managed-by",
                "ephemeral-installer");
        assertThat(secret.getMetadata().getAnnotations()).containsEntry("cert-manager.io/issuer-name", "letsencrypt-staging")
                .containsEntry("cert-manager.io/alt-names", HOST + ",*." + HOST);
        assertThat(status().get("revision")).isEqualTo(1);
        assertThat(status().keySet().stream().map(Object::toString)).contains("notAfter", "renewalTime");
    }

    @Test
    void withoutItsClusterIssuerACertificateStaysNotReadyUntilTheIssuerAppears() throws Exception {
        client.genericKubernetesResources(SimulatedCertManager.CERTIFICATES).inNamespace("pr-shop-7")
                .resource(certificate("letsencrypt-prod", HOST)).create();

        await().atMost(EVENTUALLY).until(() -> condition("Ready").startsWith("False/DoesNotExist"));
        assertThat(secret()).isNull();

        client.genericKubernetesResources(SimulatedCertManager.CLUSTER_ISSUERS).resource(SimulatedCertManager
                .acmeDns01ClusterIssuer("letsencrypt-prod", "https://acme-v02.api.letsencrypt.org/directory", "a@b.c")).create();
        await().atMost(EVENTUALLY).until(() -> condition("Ready").startsWith("True/Ready"));
        assertThat(sans(leaf(secret()))).containsExactly(HOST);
    }

    @Test
    void aRenewalGivesANewKeyAndSerialAndARefusedOrderIsReportedAsCertManagerReportsIt() throws Exception {
        client.genericKubernetesResources(SimulatedCertManager.CERTIFICATES).inNamespace("pr-shop-7")
                .resource(certificate("letsencrypt-staging", HOST)).create();
        await().atMost(EVENTUALLY).until(() -> condition("Ready").startsWith("True/Ready"));
        Secret first = secret();

        platform.certManager().renew("pr-shop-7", "environment");

        await().atMost(EVENTUALLY).until(() -> Integer.valueOf(2).equals(status().get("revision")));
        Secret renewed = secret();
        assertThat(renewed.getData().get("tls.key")).isNotEqualTo(first.getData().get("tls.key"));
        assertThat(leaf(renewed).getSerialNumber()).isNotEqualTo(leaf(first).getSerialNumber());

        platform.certManager().refuseIssuance("429 urn:ietf:params:acme:error:rateLimited: too many certificates already issued");
        platform.certManager().renew("pr-shop-7", "environment");
        await().atMost(EVENTUALLY).until(() -> condition("Issuing").startsWith("False/Failed"));
        assertThat(condition("Issuing")).contains("rateLimited");
        assertThat(status().get("failedIssuanceAttempts")).isEqualTo(1);
        assertThat(secret().getData()).as("the certificate it had stays").isEqualTo(renewed.getData());
    }

    @Test
    void aDeletedSecretIsIssuedAgain() {
        client.genericKubernetesResources(SimulatedCertManager.CERTIFICATES).inNamespace("pr-shop-7")
                .resource(certificate("letsencrypt-staging", HOST)).create();
        await().atMost(EVENTUALLY).until(() -> secret() != null);

        client.secrets().inNamespace("pr-shop-7").withName("environment-tls").delete();

        await().atMost(EVENTUALLY).until(() -> secret() != null && Integer.valueOf(2).equals(status().get("revision")));
    }

    @Test
    void aCertificateWithoutItsRequiredFieldsIsRefusedByTheCrd() {
        GenericKubernetesResource noSecretName = certificate("letsencrypt-staging", HOST);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) noSecretName.getAdditionalProperties().get("spec");
        spec.remove("secretName");

        assertThatThrownBy(() -> client.genericKubernetesResources(SimulatedCertManager.CERTIFICATES).inNamespace("pr-shop-7")
                .resource(noSecretName).create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.secretName");
                });
    }
}
