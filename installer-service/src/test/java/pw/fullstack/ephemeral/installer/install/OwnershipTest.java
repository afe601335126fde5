package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/** Whose ClusterReady and ClusterExpired the installer acts on. */
class OwnershipTest {

    private static final ClusterNaming NAMING = ClusterNaming.defaults();
    private static final PullRequestRef PR = PullRequestRef.of("fullstack-pw/cks-backend", 42);
    private static final ClusterName NAME = NAMING.clusterName(PR);
    private static final VaultSecretRef KUBECONFIG = new VaultSecretRef("kv", "ephemeral-clusters/" + NAME + "/kubeconfig", "value");

    private static ClusterReady ready(ClusterName name, VaultSecretRef kubeconfig) {
        return new ClusterReady(PR, name, List.of(Ipv4Address.parse("192.168.1.140")), NAMING.dnsName(PR), kubeconfig,
                URI.create("https://192.168.1.140:6443"), Instant.now());
    }

    private static Optional<Installation> cluster(String owner, String installedRun, String step) {
        Map<String, String> a = new HashMap<>();
        a.put(InstallAnnotations.OWNER, owner);
        if (installedRun != null) {
            a.put(InstallAnnotations.RUN, installedRun);
            a.put(InstallAnnotations.STEP, step);
        }
        return Optional.of(new Installation(NAME.value(), a));
    }

    @Test
    void theOwnersClusterReadyStartsAnInstallationOnceAndAnAdoptedClusterIsRechecked() {
        assertThat(Ownership.onClusterReady("r1", ready(NAME, KUBECONFIG), NAMING, KUBECONFIG, cluster("r1", null, null)))
                .isEqualTo(new Ownership.Start(false));
        assertThat(Ownership.onClusterReady("r1", ready(NAME, KUBECONFIG), NAMING, KUBECONFIG, cluster("r1", "r1", "installed")))
                .isInstanceOf(Ownership.Ignore.class).extracting(d -> ((Ownership.Ignore) d).metric()).isEqualTo("duplicate");
        assertThat(Ownership.onClusterReady("r2", ready(NAME, KUBECONFIG), NAMING, KUBECONFIG, cluster("r2", "r1", "installed")))
                .isEqualTo(new Ownership.Start(true));
    }

    @Test
    void anyOtherRunsClusterReadyIsANoOpAndForgedOnesAreRefused() {
        assertThat(Ownership.onClusterReady("r0", ready(NAME, KUBECONFIG), NAMING, KUBECONFIG, cluster("r1", "r1", "phase1")))
                .isEqualTo(new Ownership.Ignore("ClusterReady of run r0 ignored: the cluster belongs to run r1", "other-saga"));
        assertThat(Ownership.onClusterReady("r1", ready(NAME, KUBECONFIG), NAMING, KUBECONFIG, Optional.empty()))
                .isInstanceOf(Ownership.Ignore.class);
        assertThat(Ownership.onClusterReady("r1", ready(ClusterName.of("kube-system"), KUBECONFIG), NAMING, KUBECONFIG,
                cluster("r1", null, null))).isInstanceOf(Ownership.Refuse.class);
        VaultSecretRef credential = new VaultSecretRef("kv", "ephemeral-clusters/installer/cloudflare", "api-token");
        assertThat(Ownership.onClusterReady("r1", ready(NAME, credential), NAMING, KUBECONFIG, cluster("r1", null, null)))
                .isInstanceOf(Ownership.Refuse.class);
    }

    @Test
    void onlyTheOwnersExpiryReleasesTheDnsRecordAndOnlyOnce() {
        ClusterExpired expired = new ClusterExpired(PR, NAME, ExpiryReason.GRACE_PERIOD_ELAPSED, Instant.now());
        assertThat(Ownership.onClusterExpired("r1", expired, NAMING, cluster("r1", "r1", "installed")))
                .isInstanceOf(Ownership.Release.class);
        assertThat(Ownership.onClusterExpired("r1", expired, NAMING, cluster("r1", "r1", "phase1")))
                .as("an install in progress stops").isInstanceOf(Ownership.Release.class);
        assertThat(Ownership.onClusterExpired("r1", expired, NAMING, cluster("r1", null, null)))
                .as("nothing installed yet: answered not-installed").isInstanceOf(Ownership.Release.class);
        assertThat(Ownership.onClusterExpired("r0", expired, NAMING, cluster("r1", "r1", "installed")))
                .isInstanceOf(Ownership.Ignore.class);
        assertThat(Ownership.onClusterExpired("r1", expired, NAMING, cluster("r1", "r1", "released")))
                .isInstanceOf(Ownership.Ignore.class);
        assertThat(Ownership.onClusterExpired("r1", expired, NAMING, Optional.empty())).isInstanceOf(Ownership.Ignore.class);
    }
}
