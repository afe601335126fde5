package pw.fullstack.ephemeral.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.testkit.schema.ApiServerAdmissionTest.causes;
import static pw.fullstack.ephemeral.testkit.schema.ApiServerAdmissionTest.cluster;
import static pw.fullstack.ephemeral.testkit.schema.ApiServerAdmissionTest.proxmoxCluster;
import static pw.fullstack.ephemeral.testkit.schema.ApiServerAdmissionTest.refused;
import static pw.fullstack.ephemeral.testkit.schema.ApiServerAdmissionTest.refusedUpdate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The mirrored webhooks of Cluster API and the Proxmox provider, through the API server's admission. */
class ProviderWebhooksTest {

    private static final ApiServerAdmission API_SERVER = ApiServerAdmission.upstream();

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.140", "192.168.1.140-192.168.1.140", "192.168.1.139-192.168.1.141", "192.168.1.128/26"})
    void proxmoxRefusesANodePoolThatContainsTheEndpoint(String pool) {
        Status status = refused(proxmoxCluster("192.168.1.140", pool));

        assertThat(status.getCode()).isEqualTo(422);
        assertThat(status.getReason()).isEqualTo("Invalid");
        assertThat(status.getMessage()).isEqualTo("admission webhook \"validation.proxmoxcluster.infrastructure.cluster.x-k8s.io\" "
                + "denied the request: ProxmoxCluster.infrastructure.cluster.x-k8s.io \"pr-shop-42\" is invalid: "
                + "spec.IPv4Config.addresses: Invalid value: []string{\"" + pool
                + "\"}: addresses may not contain the endpoint IP");
        assertThat(causes(status)).containsExactly("FieldValueInvalid spec.IPv4Config.addresses Invalid value: []string{\""
                + pool + "\"}: addresses may not contain the endpoint IP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.141", "192.168.1.141-192.168.1.150", "192.168.2.0/24"})
    void proxmoxAcceptsAPoolThatLeavesTheEndpointOut(String pool) {
        assertThat(API_SERVER.admit(proxmoxCluster("192.168.1.140", pool), null).accepted()).isTrue();
    }

    @Test
    void proxmoxDoesNotResolveAHostnameEndpointAndRefusesGarbage() {
        assertThat(API_SERVER.admit(proxmoxCluster("api.pr-42.example.org", "192.168.1.140"), null).accepted()).isTrue();
        assertThat(causes(refused(proxmoxCluster("192.168.1.140", "192.168.1.999"))))
                .containsExactly("FieldValueInvalid spec.IPv4Config.addresses Invalid value: []string{\"192.168.1.999\"}: "
                         + "provided addresses are not valid IP addresses, ranges or CIDRs");
    }

    @Test
    void clusterApiRefusesAClusterWithoutControlPlaneInfrastructureOrTopology() {
        ObjectNode cluster = cluster();
        ((ObjectNode) cluster.get("spec")).remove("controlPlaneRef");
        ((ObjectNode) cluster.get("spec")).remove("infrastructureRef");

        Status status = refused(cluster);

        assertThat(status.getMessage()).startsWith("admission webhook \"validation.cluster.cluster.x-k8s.io\" denied the request: "
                );
        assertThat(causes(status)).containsExactly(
                "FieldValueForbidden spec Forbidden: one of spec.controlPlaneRef, spec.infrastructureRef or spec.topology must be set");
    }

    @Test
    void clusterApiRefusesRemovingTheControlPlaneRefOnUpdate() {
        ObjectNode stored = cluster();
        ObjectNode changed = stored.deepCopy();
        ((ObjectNode) changed.get("spec")).remove("controlPlaneRef");

        assertThat(causes(refusedUpdate(changed, stored)))
                .containsExactly("FieldValueForbidden spec.controlPlaneRef Forbidden: cannot be removed");
    }

    @Test
    void clusterApiRefusesATopologyWhileTheFeatureGateIsOffAndABadCidr() {
        ObjectNode cluster = cluster();
        ((ObjectNode) cluster.get("spec")).putObject("topology").put("version", "v1.30.6").putObject("classRef").put("name", "k3s");
        ((ObjectNode) cluster.at("/spec/clusterNetwork/pods")).putArray("cidrBlocks").add("10.42.0.0/33");

        assertThat(causes(refused(cluster))).containsExactly(
                "FieldValueInvalid spec.clusterNetwork.pods.cidrBlocks[0] Invalid value: \"10.42.0.0/33\": invalid CIDR address: 10.42.0.0/33"
                        ,
                "FieldValueForbidden spec.topology Forbidden: can be set only if the ClusterTopology feature flag is enabled");
    }
}
