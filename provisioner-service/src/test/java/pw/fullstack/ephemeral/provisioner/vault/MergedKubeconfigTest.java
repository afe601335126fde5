package pw.fullstack.ephemeral.provisioner.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Config;
import org.junit.jupiter.api.Test;

/** The merged kubeconfig's rules, as the seed's pr_kubeconfig_manager.sh keeps its PR_KUBECONFIG, but idempotent. */
class MergedKubeconfigTest {

    /** What Cluster API writes into {@code <cluster>-kubeconfig}: its own names for cluster, user and context. */
    static String clusterApiKubeconfig(String cluster, String server, String key) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    certificate-authority-data: Q0EtJTE=
                users:
                - name: %1$s-admin
                  user:
                    client-certificate-data: Q0VSVA==
                    client-key-data: %3$s
                contexts:
                - name: %1$s-admin@%1$s
                  context:
                    cluster: %1$s
                    user: %1$s-admin
                current-context: %1$s-admin@%1$s
                """.formatted(cluster, server, key);
    }

    private static Config single(String cluster, String server) {
        return MergedKubeconfig.parse(clusterApiKubeconfig(cluster, server, "S0VZ"));
    }

    @Test
    void eachClusterIsOneContextNamedAfterItWithItsOwnServerAndCredentials() {
        Config merged = MergedKubeconfig.withCluster(MergedKubeconfig.empty(), "pr-a-1", single("pr-a-1", "https://192.168.1.140:6443"));
        merged = MergedKubeconfig.withCluster(merged, "pr-b-2", single("pr-b-2", "https://192.168.1.150:6443"));

        Config read = MergedKubeconfig.parse(MergedKubeconfig.yaml(merged));
        assertThat(MergedKubeconfig.contextNames(read)).containsExactly("pr-a-1", "pr-b-2");
        assertThat(read.getClusters()).extracting(c -> c.getName() + " " + c.getCluster().getServer())
                .containsExactly("pr-a-1 https://192.168.1.140:6443", "pr-b-2 https://192.168.1.150:6443");
        assertThat(read.getUsers()).extracting(u -> u.getName() + " " + u.getUser().getClientKeyData())
                .containsExactly("pr-a-1 S0VZ", "pr-b-2 S0VZ");
        assertThat(read.getContexts()).extracting(c -> c.getContext().getCluster() + "/" + c.getContext().getUser())
                .containsExactly("pr-a-1/pr-a-1", "pr-b-2/pr-b-2");
        assertThat(read.getClusters().get(0).getCluster().getCertificateAuthorityData()).isEqualTo("Q0EtJTE=");
        assertThat(read.getCurrentContext()).as("the last one added, as the seed's script does").isEqualTo("pr-b-2");
    }

    @Test
    void addingAClusterThatIsThereAsItIsChangesNothing() {
        Config merged = MergedKubeconfig.withCluster(MergedKubeconfig.empty(), "pr-a-1", single("pr-a-1", "https://192.168.1.140:6443"));
        merged = MergedKubeconfig.withCluster(merged, "pr-b-2", single("pr-b-2", "https://192.168.1.150:6443"));

        Config replayed = MergedKubeconfig.withCluster(merged, "pr-a-1", single("pr-a-1", "https://192.168.1.140:6443"));

        assertThat(replayed).isEqualTo(merged);
        assertThat(replayed.getCurrentContext()).isEqualTo("pr-b-2");
    }

    @Test
    void aClusterThatCameBackWithNewCredentialsIsReplacedWhereItWas() {
        Config merged = MergedKubeconfig.withCluster(MergedKubeconfig.empty(), "pr-a-1", single("pr-a-1", "https://192.168.1.140:6443"));
        merged = MergedKubeconfig.withCluster(merged, "pr-b-2", single("pr-b-2", "https://192.168.1.150:6443"));

        Config renewed = MergedKubeconfig.withCluster(merged, "pr-a-1",
                MergedKubeconfig.parse(clusterApiKubeconfig("pr-a-1", "https://192.168.1.140:6443", "TkVXS0VZ")));

        assertThat(MergedKubeconfig.contextNames(renewed)).containsExactly("pr-a-1", "pr-b-2");
        assertThat(renewed.getUsers()).hasSize(2).first().satisfies(u -> assertThat(u.getUser().getClientKeyData()).isEqualTo("TkVXS0VZ"));
        assertThat(renewed.getCurrentContext()).isEqualTo("pr-a-1");
    }

    @Test
    void removingAClusterKeepsEveryOtherEntryAndMovesTheCurrentContext() {
        Config merged = MergedKubeconfig.withCluster(MergedKubeconfig.empty(), "pr-a-1", single("pr-a-1", "https://192.168.1.140:6443"));
        merged = MergedKubeconfig.withCluster(merged, "pr-b-2", single("pr-b-2", "https://192.168.1.150:6443"));

        Config removed = MergedKubeconfig.withoutCluster(merged, "pr-b-2");

        assertThat(MergedKubeconfig.contextNames(removed)).containsExactly("pr-a-1");
        assertThat(removed.getClusters()).extracting(c -> c.getName()).containsExactly("pr-a-1");
        assertThat(removed.getUsers()).extracting(u -> u.getName()).containsExactly("pr-a-1");
        assertThat(removed.getCurrentContext()).isEqualTo("pr-a-1");
        assertThat(MergedKubeconfig.withoutCluster(removed, "pr-b-2")).as("removing it again").isEqualTo(removed);
        Config none = MergedKubeconfig.withoutCluster(removed, "pr-a-1");
        assertThat(MergedKubeconfig.contextNames(none)).isEmpty();
        assertThat(none.getCurrentContext()).isEmpty();
    }

    @Test
    void entriesSomeoneElseAddedAreKept() {
        // e.g. the seed's own script, with its own names
        Config theirs = MergedKubeconfig.parse("""
                apiVersion: v1
                kind: Config
                clusters: [{name: pr-cksbackend-7, cluster: {server: "https://10.0.0.7:6443"}}]
                users: [{name: pr-cksbackend-7, user: {token: t}}]
                contexts: [{name: pr-cksbackend-7, context: {cluster: pr-cksbackend-7, user: pr-cksbackend-7}}]
                current-context: pr-cksbackend-7
                preferences: {}
                """);

        Config merged = MergedKubeconfig.withoutCluster(
                MergedKubeconfig.withCluster(theirs, "pr-a-1", single("pr-a-1", "https://192.168.1.140:6443")), "pr-a-1");

        assertThat(MergedKubeconfig.contextNames(merged)).containsExactly("pr-cksbackend-7");
        assertThat(merged.getClusters()).isEqualTo(theirs.getClusters());
        assertThat(merged.getCurrentContext()).isEqualTo("pr-cksbackend-7");
    }

    @Test
    void aKubeconfigWithoutItsContextsClusterOrUserIsRefused() {
        assertThatThrownBy(() -> MergedKubeconfig.parse("clusters: [")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MergedKubeconfig.parse("apiVersion: v1\nkind: Secret\n")).hasMessageContaining("kind Config");
        Config noUser = MergedKubeconfig.parse(clusterApiKubeconfig("pr-a-1", "https://192.168.1.140:6443", "S0VZ")
                .replace("- name: pr-a-1-admin\n", "- name: someone-else\n"));
        assertThatThrownBy(() -> MergedKubeconfig.withCluster(MergedKubeconfig.empty(), "pr-a-1", noUser))
                .hasMessageContaining("no user");
    }
}
