package pw.fullstack.ephemeral.installer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.InstalledComponent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;
import pw.fullstack.ephemeral.testkit.workload.SimulatedK3s;

/**
 * {@code installer.dns.publisher=in-cluster}, the seed's way and unsafe for untrusted PRs: external-dns and the
 * DNS-01 issuer run inside the PR's cluster with the provider credentials. Its external-dns is narrowed to the
 * installer's own DNSEndpoint (finding 3): what the app creates in its own namespace publishes nothing. The tools
 * cluster runs no external-dns for the PRs here.
 */
@QuarkusTest
@TestProfile(InClusterPublisherTest.InCluster.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WorkloadsResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WorkloadsResource.TOOLS_PLATFORM, value = "false"))
class InClusterPublisherTest extends InstallerWorld {

    public static class InCluster extends FastInstalls {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("installer.dns.publisher", "in-cluster");
            return overrides;
        }
    }


    @Test
    void theSeedsWayPutsExternalDnsAndItsCredentialsIntoTheClusterAndTheExpiryTakesTheRecordAway() {
        ReadyClusters.Ready ready = clusters.ready("seedway", false);
        log.send(ready.event());

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        PhasesInstalled installed = (PhasesInstalled) log.events(ready.name(), PhasesInstalled.class).get(0).data();
        assertThat(installed.installed()).contains(new InstalledComponent("external-dns-cloudflare", "1.20.0", "phase1"),
                new InstalledComponent("external-dns-pihole", "1.20.0", "phase1"),
                new InstalledComponent("dnsendpoint", "externaldns.k8s.io/v1alpha1", "phase2"))
                .noneMatch(c -> c.name().equals("certificate"));
        KubernetesClient workload = ready.workload().client();
        assertThat(workloads.zone().lookup("cloudflare", ready.dnsName())).hasValueSatisfying(r -> {
            assertThat(r.addresses()).containsExactly(ready.vip());
            assertThat(r.owner()).isEqualTo("ephemeral-" + ready.name());
        });
        String token = new String(Base64.getDecoder().decode(workload.secrets().inNamespace("external-dns")
                .withName("cloudflare-api-token").get().getData().get("api-token")), StandardCharsets.UTF_8);
        assertThat(token).as("the credential the PR's code can read: why this mode is unsafe").isEqualTo("cf-secret-token-value");
        assertThat(workload.genericKubernetesResources("cert-manager.io/v1", "ClusterIssuer").withName("letsencrypt-staging").get()
                .getAdditionalProperties().get("spec").toString()).contains("dns01");
        assertThat(tools.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace(ready.name())
                .list().getItems()).as("nothing on the tools cluster in this mode").isEmpty();

        RequestJournal.Mark before = ready.workload().journal().mark();
        log.send(ReadyClusters.expired(ready.run(), ready.pr()));

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), DnsReleased.class).isEmpty());
        var envelope = log.events(ready.name(), DnsReleased.class).get(0);
        assertThat(((DnsReleased) envelope.data()).outcome()).isEqualTo(DnsReleaseOutcome.REMOVED);
        assertThat(workloads.zone().lastRemoval(ready.dnsName())).hasValueSatisfying(removed ->
                assertThat(removed).isBefore(envelope.time().toInstant()));
        assertThat(ready.workload().journal().since(before, e -> e.inGroup("externaldns.k8s.io")
                && e.verb() == RequestJournal.Verb.DELETE)).isNotEmpty();
    }

    @Test
    void aDnsEndpointTheAppCreatesInItsOwnNamespacePublishesNothingThroughTheClustersExternalDns() {
        ReadyClusters.Ready ready = clusters.ready("narrowed", false);
        ReadyClusters.Ready other = clusters.ready("otherpr", false);
        log.send(ready.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        KubernetesClient app = ready.workload().client();

        // Even with the installer's label: outside external-dns's namespace it is never read.
        for (String host : List.of(other.dnsName(), "vault." + ReadyClusters.NAMING.domain(), "probe-default." + ready.dnsName())) {
            app.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("default")
                    .resource(ReadyClusters.appDnsEndpoint("default", host.substring(0, host.indexOf('.')), host, true)).create();
        }
        // Unlabelled in external-dns's own namespace: not read either.
        app.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("external-dns")
                .resource(ReadyClusters.appDnsEndpoint("external-dns", "unlabelled", "probe-unlabelled." + ready.dnsName(), false)).create();
        // Proof that external-dns read after them: what only the installer's namespace and label allow is published.
        app.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace("external-dns")
                .resource(ReadyClusters.appDnsEndpoint("external-dns", "probe", "probe." + ready.dnsName(), true)).create();
        await().atMost(EVENTUALLY).until(() -> workloads.zone().lookup("probe." + ready.dnsName()).isPresent());

        assertThat(workloads.zone().records()).extracting(r -> r.name())
                .doesNotContain(other.dnsName(), "vault." + ReadyClusters.NAMING.domain(), "probe-default." + ready.dnsName(),
                        "probe-unlabelled." + ready.dnsName());
    }

    @Test
    void anUnreachableClusterStillGetsADnsReleasedSoTeardownIsNotHeldUp() {
        DnsReleased released = released(installedThenUnreachableThenExpired("gone"));
        assertThat(released.outcome()).isEqualTo(DnsReleaseOutcome.UNREACHABLE);
        assertThat(released.detail()).contains("did not answer");
    }
}
