package pw.fullstack.ephemeral.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator against the upstream CRDs, with the API server's wording: each rule kind caught once. */
class ApiServerAdmissionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiServerAdmission API_SERVER = ApiServerAdmission.upstream();

    static ObjectNode cluster() {
        return json("""
                {"apiVersion":"cluster.x-k8s.io/v1beta2","kind":"Cluster",
                 "metadata":{"name":"pr-shop-42","namespace":"pr-shop-42","labels":{"pr":"42"}},
                 "spec":{"clusterNetwork":{"pods":{"cidrBlocks":["10.42.0.0/16"]},"services":{"cidrBlocks":["10.43.0.0/16"]}},
                         "controlPlaneRef":{"apiGroup":"controlplane.cluster.x-k8s.io","kind":"KThreesControlPlane","name":"pr-shop-42-control-plane"},
                         "infrastructureRef":{"apiGroup":"infrastructure.cluster.x-k8s.io","kind":"ProxmoxCluster","name":"pr-shop-42"}}}""");
    }

    static ObjectNode proxmoxCluster(String endpoint, String pool) {
        return json("""
                {"apiVersion":"infrastructure.cluster.x-k8s.io/v1alpha1","kind":"ProxmoxCluster",
                 "metadata":{"name":"pr-shop-42","namespace":"pr-shop-42"},
                 "spec":{"controlPlaneEndpoint":{"host":"%s","port":6443},
                         "ipv4Config":{"addresses":["%s"],"prefix":24,"gateway":"192.168.1.1"},
                         "dnsServers":["192.168.1.3"],"allowedNodes":["pve"]}}""".formatted(endpoint, pool));
    }

    static ObjectNode machineTemplate() {
        return json("""
                {"apiVersion":"infrastructure.cluster.x-k8s.io/v1alpha1","kind":"ProxmoxMachineTemplate",
                 "metadata":{"name":"pr-shop-42-control-plane","namespace":"pr-shop-42"},
                 "spec":{"template":{"spec":{"sourceNode":"pve","templateID":100,"format":"qcow2","numCores":4,"memoryMiB":8192,
                   "disks":{"bootVolume":{"disk":"scsi0","sizeGb":20}},"network":{"default":{"bridge":"vmbr0","model":"virtio"}}}}}}""");
    }

    @Test
    void acceptsAValidClusterAndStoresItUnchanged() {
        AdmissionOutcome outcome = API_SERVER.admit(cluster(), null);

        assertThat(outcome).isInstanceOf(AdmissionOutcome.Accepted.class);
        assertThat(((AdmissionOutcome.Accepted) outcome).object()).isEqualTo(cluster());
    }

    @Test
    void refusesAnUnknownFieldWithTheStrictDecodingError() {
        ObjectNode cluster = cluster();
        ((ObjectNode) cluster.get("spec")).put("foo", "bar");
        ((ObjectNode) cluster.at("/spec/controlPlaneRef")).put("namespace", "elsewhere");

        Status status = refused(cluster);

        assertThat(status.getCode()).isEqualTo(400);
        assertThat(status.getReason()).isEqualTo("BadRequest");
        assertThat(status.getMessage()).isEqualTo("Cluster in version \"v1beta2\" cannot be handled as a Cluster: strict decoding error: "
                + "unknown field \"spec.controlPlaneRef.namespace\", unknown field \"spec.foo\"");
    }

    @Test
    void refusesAWrongTypeAsFieldValueTypeInvalid() {
        ObjectNode proxmox = proxmoxCluster("192.168.1.140", "192.168.1.141-192.168.1.141");
        ((ObjectNode) proxmox.at("/spec/controlPlaneEndpoint")).put("port", "6443");

        Status status = refused(proxmox);

        assertThat(status.getCode()).isEqualTo(422);
        assertThat(status.getReason()).isEqualTo("Invalid");
        assertThat(causes(status)).containsExactly("FieldValueTypeInvalid spec.controlPlaneEndpoint.port Invalid value: \"string\": "
                + "spec.controlPlaneEndpoint.port in body must be of type integer: \"string\"");
        assertThat(status.getMessage()).startsWith("ProxmoxCluster.infrastructure.cluster.x-k8s.io \"pr-shop-42\" is invalid: ");
    }

    @Test
    void refusesAMissingRequiredField() {
        ObjectNode cluster = cluster();
        cluster.remove("spec");

        assertThat(causes(refused(cluster))).containsExactly("FieldValueRequired spec Required value");
    }

    @Test
    void refusesAPatternViolation() {
        ObjectNode cluster = cluster();
        ((ObjectNode) cluster.at("/spec/controlPlaneRef")).put("name", "Not_A_Name");

        assertThat(causes(refused(cluster))).containsExactly("FieldValueInvalid spec.controlPlaneRef.name Invalid value: \"Not_A_Name\": "
                + "spec.controlPlaneRef.name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'");
    }

    @Test
    void refusesAValueOutsideAnEnumLengthOrNumberLimit() {
        ObjectNode template = machineTemplate();
        ObjectNode vm = (ObjectNode) template.at("/spec/template/spec");
        vm.put("format", "zip");
        vm.put("memoryMiB", 8190);
        ((ObjectNode) vm.at("/disks/bootVolume")).put("sizeGb", 4);

        assertThat(causes(refused(template))).containsExactlyInAnyOrder(
                "FieldValueInvalid spec.template.spec.disks.bootVolume.sizeGb Invalid value: 4: "
                        + "spec.template.spec.disks.bootVolume.sizeGb in body should be greater than or equal to 5",
                "FieldValueNotSupported spec.template.spec.format Unsupported value: \"zip\": supported values: \"raw\", \"qcow2\", \"vmdk\"",
                "FieldValueInvalid spec.template.spec.memoryMiB Invalid value: 8190: spec.template.spec.memoryMiB in body should be a multiple of 8");
    }

    @Test
    void refusesWhatACelRuleForbids() {
        ObjectNode template = machineTemplate();
        ((ObjectNode) template.at("/spec/template/spec")).putObject("vmIDRange").put("start", 3000).put("end", 2999);

        assertThat(causes(refused(template))).containsExactly("FieldValueInvalid spec.template.spec.vmIDRange "
                + "Invalid value: \"object\": end should be greater than or equal to start");
    }

    @Test
    void reportsARuleThatFailsToEvaluateLikeTheServer() {
        // self.ipv4Config != null || self.ipv6Config != null, with neither set: CEL's "no such key" error.
        ObjectNode proxmox = proxmoxCluster("192.168.1.140", "192.168.1.141");
        ((ObjectNode) proxmox.get("spec")).remove("ipv4Config");

        assertThat(causes(refused(proxmox))).containsExactly("FieldValueInvalid spec Invalid value: \"object\": no such key: "
                + "ipv4Config evaluating rule: at least one ip config must be set, either ipv4Config or ipv6Config");
    }

    @Test
    void evaluatesTransitionRulesOnlyOnUpdate() {
        ObjectNode stored = ((AdmissionOutcome.Accepted) API_SERVER.admit(machineTemplate(), null)).object();
        ObjectNode resized = stored.deepCopy();
        ((ObjectNode) resized.at("/spec/template/spec/disks/bootVolume")).put("sizeGb", 40);

        assertThat(API_SERVER.admit(resized, null).accepted()).as("a create has no oldSelf").isTrue();
        assertThat(causes(refusedUpdate(resized, stored))).containsExactly(
                "FieldValueInvalid spec.template.spec.disks.bootVolume Invalid value: \"object\": Value is immutable");
    }

    @Test
    void appliesSchemaDefaultsBeforeValidating() {
        ObjectNode template = machineTemplate();
        ((ObjectNode) template.at("/spec/template/spec")).remove("full");

        JsonNode stored = ((AdmissionOutcome.Accepted) API_SERVER.admit(template, null)).object();

        // full defaults to true, so the CEL rule "self.full || !has(self.format)" holds.
        assertThat(stored.at("/spec/template/spec/full").asBoolean(false)).isTrue();
    }

    @Test
    void refusesDuplicateKeysOfAMapListAndTooManyItems() {
        ObjectNode cluster = cluster();
        ObjectNode status = cluster.putObject("status");
        for (int i = 0; i < 2; i++) {
            status.withArray("conditions").addObject().put("type", "Available").put("status", "True").put("reason", "Ready")
                    .put("message", "").put("lastTransitionTime", "2026-11-28T10:00:00Z");
        }

        assertThat(causes(refused(cluster))).containsExactly("FieldValueDuplicate status.conditions[1] Duplicate value: "
                + "map[string]interface {}{\"type\":\"Available\"}");
    }

    @Test
    void refusesABadDateTimeFormatAndAnInvalidObjectName() {
        ObjectNode cluster = cluster();
        ((ObjectNode) cluster.get("metadata")).put("name", "Pr_Shop");
        cluster.putObject("status").withArray("conditions").addObject().put("type", "Available").put("status", "True")
                .put("reason", "Ready").put("message", "").put("lastTransitionTime", "yesterday");

        assertThat(causes(refused(cluster))).anySatisfy(c -> assertThat(c).startsWith(
                        "FieldValueTypeInvalid status.conditions[0].lastTransitionTime Invalid value: \"yesterday\": "
                                + "status.conditions[0].lastTransitionTime in body must be of type date-time"))
                .anySatisfy(c -> assertThat(c).startsWith("FieldValueInvalid metadata.name Invalid value: \"Pr_Shop\": a lowercase RFC 1123 subdomain"));
    }

    @Test
    void refusesAKindThatNoInstalledCrdServesAsTheServerDoes() {
        ObjectNode unknown = json("""
                {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}}""");
        ObjectNode unservedVersion = json("""
                {"apiVersion":"external-secrets.io/v1beta1","kind":"ExternalSecret","metadata":{"name":"s","namespace":"n"}}""");

        assertThat(refused(unknown).getCode()).isEqualTo(404);
        assertThat(refused(unknown).getMessage()).isEqualTo("the server could not find the requested resource");
        assertThat(refused(unservedVersion).getCode()).as("v1beta1 is in the CRD but not served").isEqualTo(404);
    }

    @Test
    void acceptsBuiltInKindsWithoutSchema() {
        assertThat(API_SERVER.admit(json("""
                {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"pr-shop-42"}}"""), null).accepted()).isTrue();
    }

    @Test
    void validatesTheInstallersKinds() {
        ObjectNode endpoint = json("""
                {"apiVersion":"externaldns.k8s.io/v1alpha1","kind":"DNSEndpoint","metadata":{"name":"pr-42-shop","namespace":"default"},
                 "spec":{"endpoints":[{"dnsName":"pr-42-shop.ephemeral.fullstack.pw","recordType":"A","targets":["192.168.1.140"],"recordTTL":300}]}}""");
        assertThat(API_SERVER.admit(endpoint, null).accepted()).isTrue();
        ((ObjectNode) endpoint.at("/spec/endpoints/0")).put("recordTTL", "five minutes");
        assertThat(refused(endpoint).getCode()).isEqualTo(422);
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Status refused(JsonNode object) {
        AdmissionOutcome outcome = API_SERVER.admit(object, null);
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Refused.class);
        return ((AdmissionOutcome.Refused) outcome).status();
    }

    static Status refusedUpdate(JsonNode object, JsonNode old) {
        AdmissionOutcome outcome = API_SERVER.admit(object, old);
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Refused.class);
        return ((AdmissionOutcome.Refused) outcome).status();
    }

    static List<String> causes(Status status) {
        return status.getDetails().getCauses().stream().map((StatusCause c) -> c.getReason() + " " + c.getField() + " " + c.getMessage()).toList();
    }
}
