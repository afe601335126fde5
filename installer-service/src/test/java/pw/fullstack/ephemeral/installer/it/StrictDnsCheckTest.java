package pw.fullstack.ephemeral.installer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * With {@code installer.dns-check.strict}, a name that never resolves fails the install after Phase 2
 * — and the DNSEndpoint the installer created (in the PR's namespace on the tools cluster) is deleted
 * before InstallFailed is reported, so the teardown that follows leaves no record behind.
 */
@QuarkusTest
@TestProfile(StrictDnsCheckTest.Strict.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WorkloadsResource.class, restrictToAnnotatedClass = true)
class StrictDnsCheckTest extends InstallerWorld {

    public static class Strict extends FastInstalls {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("installer.dns-check.strict", "true");
            return overrides;
        }
    }


    @Test
    void aStrictDnsMissFailsTheInstallOnlyAfterTheDnsEndpointItCreatedIsDeleted() {
        ReadyClusters.Ready ready = clusters.ready("strict", false);
        platform.neverPublish(ready.dnsName());
        RequestJournal.Mark before = toolsCluster.journal().mark();

        log.send(ready.event());

        await().atMost(Duration.ofSeconds(40)).until(() -> !log.events(ready.name(), InstallFailed.class).isEmpty());
        InstallFailed failed = (InstallFailed) log.events(ready.name(), InstallFailed.class).get(0).data();
        assertThat(failed.phase()).isEqualTo("phase2");
        assertThat(failed.step()).isEqualTo("dns-check");
        assertThat(failed.reason()).contains("did not resolve to " + ready.vip());
        assertThat(log.events(ready.name(), PhasesInstalled.class)).isEmpty();
        List<RequestJournal.Entry> endpoints = toolsCluster.journal().since(before, e -> e.inGroup("externaldns.k8s.io")
                && ready.name().equals(e.namespace()));
        assertThat(endpoints).extracting(RequestJournal.Entry::verb)
                .containsExactly(RequestJournal.Verb.CREATE, RequestJournal.Verb.DELETE);
        assertThat(endpoints.get(1).at()).as("deleted before InstallFailed was reported")
                .isBefore(log.events(ready.name(), InstallFailed.class).get(0).time().toInstant());
        assertThat(tools.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace(ready.name())
                .withName("environment").get()).isNull();
    }
}
