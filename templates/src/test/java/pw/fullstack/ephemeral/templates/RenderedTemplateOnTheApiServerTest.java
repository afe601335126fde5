package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pw.fullstack.ephemeral.testkit.schema.AdmissionOutcome;
import pw.fullstack.ephemeral.testkit.schema.ApiServerAdmission;

/**
 * Every variant of the packaged template, as the real API server with the pinned providers would
 * see it: the upstream CRDs (Cluster API v1.12.11, cluster-api-k3s v0.3.1, Proxmox provider v0.9.0)
 * and the providers' validating webhooks, on create and on a re-apply (update, transition rules).
 */
class RenderedTemplateOnTheApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiServerAdmission API_SERVER = ApiServerAdmission.upstream();
    private final ClusterTemplates templates = new ClusterTemplates(TemplateSource.packaged());

    static Stream<Arguments> variants() {
        ClusterTemplateSettings defaults = ClusterTemplateSettings.defaults();
        return Stream.of(
                Arguments.of("defaults", defaults),
                Arguments.of("small VM", defaults.withSizing(1, 1024, 10)),
                Arguments.of("large VM", defaults.withSizing(64, 262_144, 2048)),
                Arguments.of("other K3s", defaults.withK3sVersion("v1.31.2+k3s1")),
                Arguments.of("cloud controller off", defaults.withCloudController(false)),
                Arguments.of("provider id injection off", defaults.withProviderIdInjection(false)),
                Arguments.of("cloud-init check skipped", defaults.withChecksSkipped(true, false)),
                Arguments.of("guest agent check skipped", defaults.withChecksSkipped(false, true)),
                Arguments.of("both checks skipped", defaults.withChecksSkipped(true, true)),
                Arguments.of("one-id VM range", defaults.withVmIdRange(100, 100)),
                Arguments.of("wide VM range", defaults.withVmIdRange(100_000, 999_999_999)),
                Arguments.of("kube-vip on ens18", defaults.withKubeVip("v0.9.1", "ens18")),
                Arguments.of("SSH keys for debian", defaults.withSsh("debian", List.of(
                        SshAuthorizedKey.parse(SshAuthorizedKeyTest.ED25519), SshAuthorizedKey.parse(SshAuthorizedKeyTest.RSA_3072)))),
                Arguments.of("everything off", defaults.withCloudController(false).withProviderIdInjection(false)
                        .withChecksSkipped(true, true)));
    }

    static ClusterTemplateValues twoAddresses(ClusterTemplateSettings settings) {
        return new ClusterTemplateValues("pr-cksbackend-42", "192.168.1.140", "192.168.1.141",
                "pr-42-cksbackend.ephemeral.fullstack.pw", 42, "cks-backend", settings);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyRenderedObjectIsAcceptedOnCreateAndOnReapply(String variant, ClusterTemplateSettings settings) {
        for (ManifestObject object : templates.render(twoAddresses(settings))) {
            JsonNode json = JSON.valueToTree(object.content());
            AdmissionOutcome created = API_SERVER.admit(json, null);
            assertThat(created).as(variant + ": " + object).isInstanceOf(AdmissionOutcome.Accepted.class);
            JsonNode stored = ((AdmissionOutcome.Accepted) created).object();
            assertThat(API_SERVER.admit(json, stored)).as(variant + ": re-apply of " + object)
                    .isInstanceOf(AdmissionOutcome.Accepted.class);
        }
    }

    @Test
    void theSettingsReachTheProviderFields() {
        var settings = ClusterTemplateSettings.defaults().withCloudController(false).withProviderIdInjection(false)
                .withVmIdRange(5000, 5099).withChecksSkipped(true, false);
        List<ManifestObject> objects = templates.render(twoAddresses(settings));
        JsonNode controlPlane = JSON.valueToTree(kind(objects, "KThreesControlPlane").content());
        JsonNode vm = JSON.valueToTree(kind(objects, "ProxmoxMachineTemplate").content()).path("spec").path("template").path("spec");

        assertThat(controlPlane.at("/spec/kthreesConfigSpec/serverConfig/disableCloudController").asBoolean()).isTrue();
        assertThat(controlPlane.at("/spec/kthreesConfigSpec/serverConfig/cloudProviderName").asText("x")).isEmpty();
        assertThat(vm.at("/vmIDRange/start").asLong()).isEqualTo(5000);
        assertThat(vm.at("/vmIDRange/end").asLong()).isEqualTo(5099);
        assertThat(vm.at("/metadataSettings/providerIDInjection").asBoolean(true)).isFalse();
        assertThat(vm.at("/checks/skipCloudInitStatus").asBoolean()).isTrue();
        assertThat(vm.at("/checks/skipQemuGuestAgent").asBoolean(true)).isFalse();

        JsonNode defaults = JSON.valueToTree(kind(templates.render(twoAddresses(ClusterTemplateSettings.defaults())),
                "KThreesControlPlane").content());
        assertThat(defaults.at("/spec/kthreesConfigSpec/serverConfig/disableCloudController").asBoolean(true))
                .as("K3s's embedded cloud controller runs by default").isFalse();
    }

    @Test
    void kubeVipRunsAsALeaderElectedDaemonSetOnControlPlaneNodesDespiteTaints() throws Exception {
        JsonNode controlPlane = JSON.valueToTree(kind(templates.render(twoAddresses(ClusterTemplateSettings.defaults())),
                "KThreesControlPlane").content());
        JsonNode file = controlPlane.at("/spec/kthreesConfigSpec/files/0");
        assertThat(file.path("path").asText()).isEqualTo("/var/lib/rancher/k3s/server/manifests/kube-vip.yaml");
        List<JsonNode> manifests = new ArrayList<>();
        new YAMLMapper().readerFor(JsonNode.class).readValues(file.path("content").asText()).forEachRemaining(n -> manifests.add((JsonNode) n));

        assertThat(manifests).extracting(m -> m.path("kind").asText())
                .containsExactly("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "DaemonSet");
        JsonNode pod = manifests.get(3).at("/spec/template/spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("kube-vip");
        assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
        assertThat(pod.path("tolerations")).extracting(t -> t.path("effect").asText() + "/" + t.path("operator").asText())
                .contains("NoSchedule/Exists", "NoExecute/Exists");
        Map<String, String> env = new java.util.HashMap<>();
        pod.at("/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        assertThat(env).containsEntry("address", "192.168.1.140").containsEntry("vip_leaderelection", "true")
                .containsEntry("cp_enable", "true")
                // Empty: kube-vip takes the default route's interface. CAPMOX's eth0 is only a netplan label.
                .containsEntry("vip_interface", "");
        assertThat(manifests.get(1).path("rules").toString()).contains("leases");
        // Every kube-vip object passes the API server (built-in kinds).
        manifests.forEach(m -> assertThat(API_SERVER.admit(m, null).accepted()).isTrue());
    }

    @Test
    void oneAddressPerClusterIsRefusedBeforeAnythingIsAppliedWithTheReasonTheWebhookWouldGive() {
        var oneAddress = new ClusterTemplateValues("pr-cksbackend-42", "192.168.1.140", "192.168.1.140",
                "pr-42-cksbackend.ephemeral.fullstack.pw", 42, "cks-backend", ClusterTemplateSettings.defaults());

        assertThatThrownBy(() -> templates.render(oneAddress))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("contains the control-plane endpoint 192.168.1.140")
                .hasMessageContaining("addresses-per-cluster=2");

        // The same ProxmoxCluster, had it been applied: the provider's webhook refuses it.
        String text = templates.renderText(oneAddress);
        ManifestObject proxmoxCluster = kind(ClusterManifestChecker.parseAndCheck("test", text, "pr-cksbackend-42"), "ProxmoxCluster");
        AdmissionOutcome outcome = API_SERVER.admit(JSON.valueToTree(proxmoxCluster.content()), null);
        assertThat(outcome).isInstanceOf(AdmissionOutcome.Refused.class);
        assertThat(((AdmissionOutcome.Refused) outcome).message()).isEqualTo(
                "admission webhook \"validation.proxmoxcluster.infrastructure.cluster.x-k8s.io\" denied the request: "
                        + "ProxmoxCluster.infrastructure.cluster.x-k8s.io \"pr-cksbackend-42\" is invalid: spec.IPv4Config.addresses: "
                        + "Invalid value: []string{\"192.168.1.140-192.168.1.140\"}: addresses may not contain the endpoint IP");
    }

    @Test
    void anOverrideTemplateMayUseOneAddressWhenItsNodePoolLeavesTheEndpointOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String packaged = TemplateSource.packaged().load(TemplateSource.CLUSTER_TEMPLATE).text();
        // A site whose nodes take addresses from a separate range: the endpoint is the only per-cluster address.
        String override = packaged.replace("- ${NODE_IP}-${NODE_IP}", "- 10.20.0.10-10.20.0.99");
        java.nio.file.Files.createDirectories(dir.resolve("cluster-api"));
        java.nio.file.Files.writeString(dir.resolve("cluster-api/k3s-cluster.yaml.tpl"), override);
        var oneAddress = new ClusterTemplateValues("pr-cksbackend-42", "192.168.1.140", "192.168.1.140",
                "pr-42-cksbackend.ephemeral.fullstack.pw", 42, "cks-backend", ClusterTemplateSettings.defaults());

        List<ManifestObject> objects = new ClusterTemplates(TemplateSource.withOverride(java.util.Optional.of(dir))).render(oneAddress);

        assertThat(objects).allSatisfy(o -> assertThat(API_SERVER.admit(JSON.valueToTree(o.content()), null).accepted()).isTrue());
    }

    @Test
    void anEmptyVmIdRangeIsRefused() {
        assertThatThrownBy(() -> templates.render(twoAddresses(ClusterTemplateSettings.defaults().withVmIdRange(3000, 2999))))
                .isInstanceOf(TemplateException.class).hasMessageContaining("VM id range 3000-2999 is empty");
    }

    private static ManifestObject kind(List<ManifestObject> objects, String kind) {
        return objects.stream().filter(o -> o.kind().equals(kind)).findFirst().orElseThrow();
    }
}
