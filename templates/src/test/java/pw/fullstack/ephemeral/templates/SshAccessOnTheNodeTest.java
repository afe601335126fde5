package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSH authorized keys setting, from the packaged template to the node: the keys reach the user's
 * {@code authorized_keys} with the modes sshd insists on, and nothing in a key's comment is ever run.
 */
class SshAccessOnTheNodeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClusterTemplates templates = new ClusterTemplates(TemplateSource.packaged());

    @TempDir
    Path root;

    private JsonNode controlPlane(ClusterTemplateSettings settings) {
        return templates.render(RenderedTemplateOnTheApiServerTest.twoAddresses(settings)).stream()
                .filter(o -> o.kind().equals("KThreesControlPlane")).map(o -> (JsonNode) JSON.valueToTree(o.content()))
                .findFirst().orElseThrow();
    }

    private static ClusterTemplateSettings withKeys(String user, String... lines) {
        return ClusterTemplateSettings.defaults().withSsh(user, List.of(lines).stream().map(SshAuthorizedKey::parse).toList());
    }

    @Test
    void theConfiguredKeysEndUpInTheUsersAuthorizedKeysWithTheModesSshdWants() throws Exception {
        var node = NodeBoot.boot(controlPlane(withKeys("ubuntu", SshAuthorizedKeyTest.ED25519, SshAuthorizedKeyTest.RSA_3072)),
                root);

        Path ssh = node.path("/home/ubuntu/.ssh");
        assertThat(Files.readAllLines(ssh.resolve("authorized_keys")))
                .containsExactly(SshAuthorizedKeyTest.ED25519, SshAuthorizedKeyTest.RSA_3072);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh.resolve("authorized_keys"))))
                .isEqualTo("rw-------");
        assertThat(node.chowns()).containsExactly("-R ubuntu: " + ssh);
        assertThat(node.output()).isEmpty();
    }

    @Test
    void keysAreAddedToWhatTheImageAlreadyHas() throws Exception {
        Path existing = root.resolve("home/ubuntu/.ssh/authorized_keys");
        Files.createDirectories(existing.getParent());
        Files.writeString(existing, SshAuthorizedKeyTest.ECDSA_P256 + "\n");

        NodeBoot.boot(controlPlane(withKeys("ubuntu", SshAuthorizedKeyTest.ED25519)), root);

        assertThat(Files.readAllLines(existing)).containsExactly(SshAuthorizedKeyTest.ECDSA_P256, SshAuthorizedKeyTest.ED25519);
    }

    @Test
    void theUserIsASetting() throws Exception {
        var node = NodeBoot.boot(controlPlane(withKeys("debian", SshAuthorizedKeyTest.ED25519)), root);

        assertThat(Files.readAllLines(node.path("/home/debian/.ssh/authorized_keys"))).containsExactly(SshAuthorizedKeyTest.ED25519);
        assertThat(node.path("/home/ubuntu")).doesNotExist();
    }

    @Test
    void aCommentIsWrittenAsTextAndNeverRun() throws Exception {
        String hostile = SshAuthorizedKeyTest.ED25519.substring(0, SshAuthorizedKeyTest.ED25519.lastIndexOf(' '))
                + " $(touch pwned) `touch pwned` \"; touch pwned; echo \" {{ ds.meta_data }} {% raw %} ${CLUSTER_NAME}";
        JsonNode controlPlane = controlPlane(withKeys("ubuntu", hostile));

        // Nowhere in the object as text (only base64 of it), so neither YAML, nor cluster-api-k3s's Jinja
        // cloud-config, nor a shell ever reads it.
        assertThat(controlPlane.toString()).doesNotContain("pwned", "ds.meta_data }}", "raw");
        var node = NodeBoot.boot(controlPlane, root);

        assertThat(Files.readAllLines(node.path("/home/ubuntu/.ssh/authorized_keys"))).containsExactly(hostile);
        try (var created = Files.walk(root)) {
            assertThat(created.map(Path::getFileName).map(Path::toString)).doesNotContain("pwned");
        }
        assertThat(node.output()).isEmpty();
    }

    @Test
    void withoutKeysNothingIsAdded() throws Exception {
        JsonNode controlPlane = controlPlane(ClusterTemplateSettings.defaults());

        assertThat(controlPlane.at("/spec/kthreesConfigSpec/files").findValuesAsText("path"))
                .contains("/etc/ephemeral-clusters/ssh-authorized-keys");
        var node = NodeBoot.boot(controlPlane, root);
        assertThat(node.path("/home/ubuntu/.ssh/authorized_keys")).isEmptyFile();
    }

    @ParameterizedTest
    @ValueSource(strings = {"root;reboot", "Ubuntu", "ubuntu user", "../etc", "$(id)", "-rf", "a-very-long-user-name-of-33-chars"})
    void aUserNameThatIsNotAPlainLinuxNameIsRefusedNamingTheVariable(String user) {
        assertThatThrownBy(() -> controlPlane(ClusterTemplateSettings.defaults().withSsh(user, List.of())))
                .isInstanceOf(TemplateException.class).hasMessageContaining("variable SSH_USER");
    }

    @Test
    void moreKeysThanAnySiteMeansAreRefused() {
        var many = Collections.nCopies(ClusterTemplateSettings.MAX_SSH_AUTHORIZED_KEYS + 1,
                SshAuthorizedKey.parse(SshAuthorizedKeyTest.ED25519));
        assertThatThrownBy(() -> ClusterTemplateSettings.defaults().withSsh("ubuntu", many))
                .isInstanceOf(TemplateException.class).hasMessageContaining("at most 50");
    }
}
