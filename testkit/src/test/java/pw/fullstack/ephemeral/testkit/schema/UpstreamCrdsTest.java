package pw.fullstack.ephemeral.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamFiles;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamLock;

class UpstreamCrdsTest {

    @Test
    void everySetLoadsFromFilesPinnedToItsProject() {
        UpstreamLock lock = UpstreamFiles.configured().lock();
        for (UpstreamCrds set : UpstreamCrds.values()) {
            assertThat(set.definitions()).as(set.toString()).hasSameSizeAs(set.files());
            for (String file : set.files()) {
                assertThat(lock.entry(file)).as(file).hasValueSatisfying(entry ->
                        assertThat(entry.project()).isEqualTo(set.project()));
            }
        }
    }

    @Test
    void theKindsTheProjectUsesAreServedInTheVersionsItUses() {
        Map<String, CustomResourceType> types = UpstreamCrds.definitionsOf(java.util.EnumSet.allOf(UpstreamCrds.class)).stream()
                .map(CustomResourceType::of)
                .collect(Collectors.toMap(t -> t.group() + "/" + t.kind(), t -> t));
        Map<String, String> used = Map.ofEntries(
                Map.entry("cluster.x-k8s.io/Cluster", "v1beta2"),
                Map.entry("cluster.x-k8s.io/MachineDeployment", "v1beta2"),
                Map.entry("controlplane.cluster.x-k8s.io/KThreesControlPlane", "v1beta2"),
                Map.entry("bootstrap.cluster.x-k8s.io/KThreesConfig", "v1beta2"),
                Map.entry("bootstrap.cluster.x-k8s.io/KThreesConfigTemplate", "v1beta2"),
                Map.entry("infrastructure.cluster.x-k8s.io/ProxmoxCluster", "v1alpha1"),
                Map.entry("infrastructure.cluster.x-k8s.io/ProxmoxMachineTemplate", "v1alpha1"),
                Map.entry("helm.cattle.io/HelmChart", "v1"),
                Map.entry("helm.cattle.io/HelmChartConfig", "v1"),
                Map.entry("cert-manager.io/ClusterIssuer", "v1"),
                Map.entry("cert-manager.io/Certificate", "v1"),
                Map.entry("externaldns.k8s.io/DNSEndpoint", "v1alpha1"),
                Map.entry("external-secrets.io/ExternalSecret", "v1"),
                Map.entry("external-secrets.io/SecretStore", "v1"),
                Map.entry("external-secrets.io/ClusterSecretStore", "v1"),
                Map.entry("postgresql.cnpg.io/Cluster", "v1"),
                Map.entry("kafka.strimzi.io/KafkaTopic", "v1"),
                Map.entry("kafka.strimzi.io/KafkaUser", "v1"),
                Map.entry("monitoring.coreos.com/ServiceMonitor", "v1"),
                Map.entry("monitoring.coreos.com/PrometheusRule", "v1"));
        used.forEach((kind, version) -> assertThat(types.get(kind)).as(kind).isNotNull()
                .satisfies(t -> assertThat(t.version(version)).as(kind + " " + version).isPresent()));
    }

    /** A rule that does not compile here would be reported as an error on every write: none may exist. */
    @Test
    void everyCelRuleOfEveryServedVersionCompiles() {
        List<String> failures = new ArrayList<>();
        int rules = 0;
        for (CustomResourceDefinition crd : UpstreamCrds.definitionsOf(java.util.EnumSet.allOf(UpstreamCrds.class))) {
            for (var version : crd.getSpec().getVersions()) {
                if (Boolean.TRUE.equals(version.getServed())) {
                    rules += collect(version.getSchema().getOpenAPIV3Schema(), crd.getMetadata().getName(), failures);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(rules).isGreaterThan(50);
    }

    private static int collect(JSONSchemaProps schema, String where, List<String> failures) {
        if (schema == null) {
            return 0;
        }
        int count = 0;
        for (ValidationRule rule : schema.getXKubernetesValidations() == null ? List.<ValidationRule>of() : schema.getXKubernetesValidations()) {
            count++;
            CelRules.Compiled compiled = CelRules.compile(rule.getRule());
            if (compiled.error() != null) {
                failures.add(where + ": " + rule.getRule() + ": " + compiled.error());
            }
        }
        if (schema.getProperties() != null) {
            for (JSONSchemaProps child : schema.getProperties().values()) {
                count += collect(child, where, failures);
            }
        }
        if (schema.getItems() != null) {
            count += collect(schema.getItems().getSchema(), where, failures);
        }
        if (schema.getAdditionalProperties() != null) {
            count += collect(schema.getAdditionalProperties().getSchema(), where, failures);
        }
        return count;
    }
}
