package pw.fullstack.ephemeral.testkit.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.clusterapi.ClusterApiObjects;
import pw.fullstack.ephemeral.testkit.schema.UpstreamCrds;

/** The validating mock through a real fabric8 client: the API server's answers, not the mock's. */
class ValidatingMockApiServerTest {

    static final ResourceDefinitionContext CLUSTERS = context("cluster.x-k8s.io", "v1beta2", "Cluster", "clusters");
    static final ResourceDefinitionContext STORES = new ResourceDefinitionContext.Builder().withGroup("external-secrets.io")
            .withVersion("v1").withKind("ClusterSecretStore").withPlural("clustersecretstores").withNamespaced(false).build();
    static final ResourceDefinitionContext PROXMOX_CLUSTERS = context("infrastructure.cluster.x-k8s.io", "v1alpha1", "ProxmoxCluster", "proxmoxclusters");

    private MockKubernetesCluster tools;

    @BeforeEach
    void start() {
        tools = MockKubernetesCluster.builder().withCrds(UpstreamCrds.toolsCluster()).start();
    }

    @AfterEach
    void stop() {
        tools.close();
    }

    @Test
    void anInvalidObjectGetsThe422StatusWithCausesAndIsNotStored() {
        GenericKubernetesResource proxmox = proxmoxCluster("192.168.1.140", "192.168.1.140-192.168.1.140");

        assertThatThrownBy(() -> tools.client().genericKubernetesResources(PROXMOX_CLUSTERS).inNamespace("pr-shop-42").resource(proxmox).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    Status status = e.getStatus();
                    assertThat(status.getReason()).isEqualTo("Invalid");
                    assertThat(status.getMessage()).contains("addresses may not contain the endpoint IP");
                    assertThat(status.getDetails().getCauses()).singleElement().satisfies(c -> {
                        assertThat(c.getField()).isEqualTo("spec.IPv4Config.addresses");
                        assertThat(c.getReason()).isEqualTo("FieldValueInvalid");
                    });
                });
        assertThat(tools.client().genericKubernetesResources(PROXMOX_CLUSTERS).inNamespace("pr-shop-42").list().getItems()).isEmpty();
    }

    @Test
    void aSchemaViolationIsRefusedOnUpdateAndPatchToo() {
        var clusters = tools.client().genericKubernetesResources(CLUSTERS).inNamespace("pr-shop-42");
        clusters.resource(ClusterApiObjects.cluster("pr-shop-42", "pr-shop-42", Map.of(), Map.of())).create();

        assertThatThrownBy(() -> clusters.withName("pr-shop-42").edit(c -> {
            ((Map<String, Object>) c.getAdditionalProperties().get("spec")).put("paused", "yes");
            return c;
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getDetails().getCauses()).singleElement()
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo("FieldValueTypeInvalid"));
        });
        assertThat(((Map<?, ?>) clusters.withName("pr-shop-42").get().getAdditionalProperties().get("spec")).get("paused")).isNull();
    }

    @Test
    void anUnknownFieldIsABadRequest() {
        GenericKubernetesResource cluster = ClusterApiObjects.cluster("pr-shop-42", "pr-shop-42", Map.of(), Map.of());
        ((Map<String, Object>) cluster.getAdditionalProperties().get("spec")).put("replicas", 1);

        assertThatThrownBy(() -> tools.client().genericKubernetesResources(CLUSTERS).inNamespace("pr-shop-42").resource(cluster).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage()).endsWith("strict decoding error: unknown field \"spec.replicas\"");
                });
    }

    @Test
    void statusIsWrittenOnlyThroughTheStatusSubresourceAndValidatedThere() {
        var clusters = tools.client().genericKubernetesResources(CLUSTERS).inNamespace("pr-shop-42");
        GenericKubernetesResource cluster = ClusterApiObjects.cluster("pr-shop-42", "pr-shop-42", Map.of(), Map.of());
        cluster.setAdditionalProperty("status", Map.of("phase", "Provisioned"));

        GenericKubernetesResource created = clusters.resource(cluster).create();
        assertThat(created.getAdditionalProperties()).as("create drops status").doesNotContainKey("status");

        assertThatThrownBy(() -> clusters.withName("pr-shop-42").editStatus(c -> {
            c.setAdditionalProperty("status", Map.of("phase", "Ready"));
            return c;
        })).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getDetails().getCauses())
                .singleElement().satisfies(c -> assertThat(c.getReason()).isEqualTo("FieldValueNotSupported")));

        clusters.withName("pr-shop-42").editStatus(c -> {
            c.setAdditionalProperty("status", Map.of("phase", "Provisioned", "conditions", List.of(
                    ClusterApiObjects.condition("Available", "True", "Ready", "", "2026-11-28T10:00:00Z"))));
            return c;
        });
        assertThat(clusters.withName("pr-shop-42").get().getAdditionalProperties().get("status").toString()).contains("Provisioned");
    }

    @Test
    void aKindWithoutCrdIsNotFoundLikeOnARealServer() {
        ResourceDefinitionContext widgets = context("example.com", "v1", "Widget", "widgets");
        GenericKubernetesResource widget = new GenericKubernetesResource();
        widget.setApiVersion("example.com/v1");
        widget.setKind("Widget");
        widget.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("w").build());
        // external-secrets' CRDs are not on a tools cluster (only in the PRs' clusters).
        ResourceDefinitionContext stores = STORES;

        assertThatThrownBy(() -> tools.client().genericKubernetesResources(widgets).inNamespace("default").resource(widget).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
                    assertThat(e.getStatus().getMessage()).isEqualTo("the server could not find the requested resource");
                });
        assertThatThrownBy(() -> tools.client().genericKubernetesResources(stores).list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void aCrdCreatedThroughTheApiIsServedAndValidatedAtOnce() {
        tools.installCrds(UpstreamCrds.EXTERNAL_SECRETS.definitions());
        GenericKubernetesResource store = new GenericKubernetesResource();
        store.setApiVersion("external-secrets.io/v1");
        store.setKind("ClusterSecretStore");
        store.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("vault").build());
        store.setAdditionalProperty("spec", Map.of("provider", Map.of("vault", Map.of("server", "https://vault.fullstack.pw",
                "path", "kv", "version", "v2", "auth", Map.of("tokenSecretRef", Map.of("name", "vault-token",
                        "namespace", "external-secrets", "key", "token"))))));

        tools.client().genericKubernetesResources(STORES).resource(store).create();
        store.setAdditionalProperty("spec", Map.of("retrySettings", Map.of("maxRetries", 3)));
        assertThatThrownBy(() -> tools.client().genericKubernetesResources(STORES).resource(store).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(tools.client().apiextensions().v1().customResourceDefinitions()
                .withName("clustersecretstores.external-secrets.io").get()).isNotNull();
    }

    @Test
    void aTlsSecretNeedsItsKeysAndNoSecretChangesItsType() {
        var secrets = tools.client().secrets().inNamespace("default");
        Secret tlsWithoutKey = new SecretBuilder().withNewMetadata().withName("environment-tls").endMetadata()
                .withType("kubernetes.io/tls").addToData("tls.crt", "Y2VydA==").build();
        assertThatThrownBy(() -> secrets.resource(tlsWithoutKey).create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getMessage()).isEqualTo("Secret \"environment-tls\" is invalid: data[tls.key]: Required value");
        });

        secrets.resource(new SecretBuilder().withNewMetadata().withName("environment-tls").endMetadata()
                .addToData("token", "c2VjcmV0").build()).create();
        Secret retyped = new SecretBuilder(tlsWithoutKey).addToData("tls.key", "a2V5").build();
        assertThatThrownBy(() -> secrets.resource(retyped).update()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(422);
            assertThat(e.getStatus().getMessage()).isEqualTo(
                    "Secret \"environment-tls\" is invalid: type: Invalid value: \"kubernetes.io/tls\": field is immutable");
        });
        assertThat(secrets.withName("environment-tls").get().getData()).containsOnlyKeys("token");
    }

    @Test
    void builtInKindsWorkAsBefore() {
        tools.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("pr-shop-42").endMetadata().build()).create();
        tools.client().configMaps().inNamespace("pr-shop-42").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .endMetadata().withData(Map.of("k", "v")).build()).create();
        tools.addReadyNode("node-1");

        assertThat(tools.client().configMaps().inNamespace("pr-shop-42").withName("c").get().getData()).containsEntry("k", "v");
        assertThat(tools.client().nodes().list().getItems()).hasSize(1);
    }

    @Test
    void theJournalCountsWritesAfterAMark() {
        var clusters = tools.client().genericKubernetesResources(CLUSTERS).inNamespace("pr-shop-42");
        clusters.resource(ClusterApiObjects.cluster("pr-shop-1", "pr-shop-42", Map.of(), Map.of())).create();
        RequestJournal.Mark mark = tools.journal().mark();

        clusters.resource(ClusterApiObjects.cluster("pr-shop-2", "pr-shop-42", Map.of(), Map.of())).create();
        tools.client().configMaps().inNamespace("pr-shop-42").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .endMetadata().build()).create();
        clusters.withName("pr-shop-1").delete();

        List<RequestJournal.Entry> capi = tools.journal().since(mark, e -> e.inGroup("cluster.x-k8s.io"));
        assertThat(capi).extracting(RequestJournal.Entry::verb, RequestJournal.Entry::name, RequestJournal.Entry::kind,
                        RequestJournal.Entry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RequestJournal.Verb.CREATE, "pr-shop-2", "Cluster", 201),
                        org.assertj.core.groups.Tuple.tuple(RequestJournal.Verb.DELETE, "pr-shop-1", "Cluster", 200));
        assertThat(tools.journal().countSince(mark, e -> e.isWrite() && e.inGroup("cluster.x-k8s.io"))).isEqualTo(1);
        assertThat(tools.journal().since(mark)).hasSize(3);
    }

    private static GenericKubernetesResource proxmoxCluster(String endpoint, String pool) {
        GenericKubernetesResource proxmox = new GenericKubernetesResource();
        proxmox.setApiVersion("infrastructure.cluster.x-k8s.io/v1alpha1");
        proxmox.setKind("ProxmoxCluster");
        proxmox.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("pr-shop-42").withNamespace("pr-shop-42").build());
        proxmox.setAdditionalProperty("spec", Map.of(
                "controlPlaneEndpoint", Map.of("host", endpoint, "port", 6443),
                "ipv4Config", Map.of("addresses", List.of(pool), "prefix", 24, "gateway", "192.168.1.1"),
                "dnsServers", List.of("192.168.1.3")));
        return proxmox;
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }
}
