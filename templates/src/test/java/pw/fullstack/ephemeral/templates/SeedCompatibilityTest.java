package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamFiles;

/**
 * The packaged template with its defaults against the seed's own ephemeral cluster template (its infra
 * repository's, read from the upstream directory): a real cluster of the seed's boots on node03 from
 * template 9004 with 2 sockets x 4 cores and 16 GiB, in VM ids 401-450, with the memory check off and
 * the cluster's own credentials, and with the seed's key as the setting its node has the seed's SSH access
 * (issue 18.3). What differs on purpose is in templates/README's
 * compatibility table.
 */
class SeedCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<JsonNode> seed;
    private static List<JsonNode> ours;

    @BeforeAll
    static void render() throws IOException {
        String text = new String(UpstreamFiles.configured().bytes("seed-infra/k3s-cluster.yaml.tpl"), StandardCharsets.UTF_8)
                .replace("${CLUSTER_NAME}", "pr-cksbackend-42").replace("${CLUSTER_IP}", "192.168.1.140")
                .replace("${NODE_IP}", "192.168.1.141").replace("${PR_NUMBER}", "42").replace("${REPOSITORY}", "cks-backend");
        seed = new ArrayList<>();
        new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(text).forEachRemaining(seed::add);
        ours = new ClusterTemplates(TemplateSource.packaged()).render(new ClusterTemplateValues("pr-cksbackend-42",
                "192.168.1.140", "192.168.1.141", "pr-42-cksbackend.ephemeral.fullstack.pw", 42, "cks-backend",
                ClusterTemplateSettings.defaults())).stream().map(o -> (JsonNode) JSON.valueToTree(o.content())).toList();
    }

    private static JsonNode kind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void theVmIsTheSeeds() {
        JsonNode theirs = kind(seed, "ProxmoxMachineTemplate").at("/spec/template/spec");
        JsonNode mine = kind(ours, "ProxmoxMachineTemplate").at("/spec/template/spec");
        for (String field : List.of("/sourceNode", "/templateID", "/format", "/full", "/numSockets", "/numCores", "/memoryMiB",
                "/disks/bootVolume/sizeGb", "/network/default/bridge", "/vmIDRange/start", "/vmIDRange/end",
                "/checks/skipCloudInitStatus", "/checks/skipQemuGuestAgent", "/metadataSettings/providerIDInjection")) {
            assertThat(mine.at(field)).as(field).isEqualTo(theirs.at(field));
        }
    }

    @Test
    void theProxmoxClusterIsTheSeeds() {
        JsonNode theirs = kind(seed, "ProxmoxCluster").path("spec");
        JsonNode mine = kind(ours, "ProxmoxCluster").path("spec");
        for (String field : List.of("/allowedNodes", "/dnsServers", "/ipv4Config/gateway", "/ipv4Config/prefix",
                "/ipv4Config/addresses", "/controlPlaneEndpoint", "/schedulerHints/memoryAdjustment", "/credentialsRef/name")) {
            assertThat(mine.at(field)).as(field).isEqualTo(theirs.at(field));
        }
        // The seed names no namespace: the Secret is the cluster's own, in its namespace, as ours says outright.
        assertThat(theirs.at("/credentialsRef/namespace").isMissingNode()).isTrue();
        assertThat(mine.at("/credentialsRef/namespace").asText()).isEqualTo("pr-cksbackend-42");
    }

    @Test
    void k3sAndKubeVipAreTheSeeds() throws IOException {
        assertThat(kind(ours, "KThreesControlPlane").at("/spec/version"))
                .isEqualTo(kind(seed, "KThreesControlPlane").at("/spec/version"));
        // The seed's kube-vip has no vip_interface (detected from the default route); ours renders it empty, the same.
        assertThat(kubeVipEnv(seed)).doesNotContainKey("vip_interface").containsEntry("cp_enable", "true");
        assertThat(kubeVipEnv(ours)).containsEntry("vip_interface", "").containsEntry("cp_enable", "true");
    }

    /**
     * The seed echoes its key into {@code /home/ubuntu/.ssh/authorized_keys} from {@code preK3sCommands}; with the
     * same key as the setting, a node of ours ends with the same file, modes and owner (both boots run under a
     * scratch root, see {@link NodeBoot}). Ours never puts the key into a command.
     */
    @Test
    void withTheSeedsKeyTheNodeGetsTheSeedsAuthorizedKeys(@TempDir Path seedNode, @TempDir Path ourNode) throws Exception {
        JsonNode seedControlPlane = kind(seed, "KThreesControlPlane");
        String echoed = java.util.stream.StreamSupport.stream(seedControlPlane.at("/spec/kthreesConfigSpec/preK3sCommands")
                        .spliterator(), false).map(JsonNode::asText).filter(c -> c.startsWith("echo ")).findFirst().orElseThrow();
        String seedKey = echoed.substring(echoed.indexOf('"') + 1, echoed.lastIndexOf('"'));
        JsonNode mine = JSON.valueToTree(new ClusterTemplates(TemplateSource.packaged()).render(new ClusterTemplateValues(
                "pr-cksbackend-42", "192.168.1.140", "192.168.1.141", "pr-42-cksbackend.ephemeral.fullstack.pw", 42,
                "cks-backend", ClusterTemplateSettings.defaults().withSsh("ubuntu", List.of(SshAuthorizedKey.parse(seedKey)))))
                .stream().filter(o -> o.kind().equals("KThreesControlPlane")).findFirst().orElseThrow().content());

        var theirs = NodeBoot.boot(seedControlPlane, seedNode);
        var ours = NodeBoot.boot(mine, ourNode);

        for (String path : List.of("/home/ubuntu/.ssh", "/home/ubuntu/.ssh/authorized_keys")) {
            assertThat(Files.getPosixFilePermissions(ours.path(path))).as(path)
                    .isEqualTo(Files.getPosixFilePermissions(theirs.path(path)));
        }
        assertThat(Files.readString(ours.path("/home/ubuntu/.ssh/authorized_keys")))
                .isEqualTo(Files.readString(theirs.path("/home/ubuntu/.ssh/authorized_keys"))).contains(seedKey);
        // Theirs: ubuntu:ubuntu; ours: ubuntu and its login group, the same on the seed's Ubuntu image.
        assertThat(theirs.chowns()).containsExactly("-R ubuntu:ubuntu " + theirs.path("/home/ubuntu/.ssh"));
        assertThat(ours.chowns()).containsExactly("-R ubuntu: " + ours.path("/home/ubuntu/.ssh"));
        assertThat(mine.at("/spec/kthreesConfigSpec/preK3sCommands").toString()).doesNotContain(SshAuthorizedKeyTest.body(seedKey));
    }

    private static java.util.Map<String, String> kubeVipEnv(List<JsonNode> objects) throws IOException {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        for (JsonNode file : kind(objects, "KThreesControlPlane").at("/spec/kthreesConfigSpec/files")) {
            if (!file.path("content").asText().contains("kube-vip")) {
                continue;
            }
            List<JsonNode> manifests = new ArrayList<>();
            new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(file.path("content").asText())
                    .forEachRemaining(manifests::add);
            manifests.stream().filter(m -> m.path("kind").asText().equals("DaemonSet"))
                    .forEach(m -> m.at("/spec/template/spec/containers/0/env")
                            .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText())));
        }
        return env;
    }
}
