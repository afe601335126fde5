package pw.fullstack.ephemeral.installer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.workload.SimulatedK3s;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour.ChartOutcome;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * The installer sees a workload cluster's progress by watching it: with the periodic pass ten minutes away
 * ({@link WatchingInstalls}), an environment is installed within seconds, each Phase 2 object applied as soon as the
 * cluster serves its kind (not after all of Phase 1), and the watches are closed when Phase 1 is over or the cluster
 * is destroyed (counted on the workload cluster's API server).
 */
@QuarkusTest
@TestProfile(WatchingInstalls.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WorkloadsResource.class, restrictToAnnotatedClass = true)
class WatchingInstallTest extends InstallerWorld {

    private static final ResourceDefinitionContext CLUSTER_ISSUERS = new ResourceDefinitionContext.Builder()
            .withGroup("cert-manager.io").withVersion("v1").withKind("ClusterIssuer").withPlural("clusterissuers")
            .withNamespaced(false).build();

    @Inject
    MeterRegistry registry;

    @Test
    void installsWithinSecondsWhileThePeriodicPassIsMinutesAwayAndClosesItsWatchesOnceInstalled() {
        ReadyClusters.Ready ready = clusters.ready("watched", false);
        double passesBefore = passes();
        Instant sent = Instant.now();

        log.send(ready.event());

        // Seconds, where the pass would take ten minutes; bounded generously for a machine shared with other builds.
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        Duration took = Duration.between(sent, Instant.now());
        List<ApiRequest> calls = ready.workload().requests().by(ReadyClusters.INSTALLER_TOKEN);
        Map<String, Long> byVerb = calls.stream().collect(Collectors.groupingBy(ApiRequest::verb, TreeMap::new,
                Collectors.counting()));
        System.out.printf("installer figures: ClusterReady sent -> PhasesInstalled seen %d ms, %.0f reconcile passes, "
                + "%d workload API requests %s%n", took.toMillis(), passes() - passesBefore, calls.size(), byVerb);
        assertThat(calls).as("it watched the cluster").anyMatch(r -> r.verb().equals("watch"));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(watchesOf(ready)).as("watches still open").isEmpty());
    }

    @Test
    void appliesEachPhase2ObjectOnceItsCrdIsServedWhilePhase1StillRunsAndStopsWatchingADestroyedCluster() {
        ReadyClusters.Ready ready = clusters.ready("overlap", false);
        workloads.behaviour(ready.name(), WorkloadBehaviour.installsAfter(Duration.ofMillis(150))
                .withChart("external-secrets", ChartOutcome.HANG));

        log.send(ready.event());

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            assertThat(ready.workload().client().genericKubernetesResources(CLUSTER_ISSUERS).withName("letsencrypt-staging")
                    .get()).as("the ClusterIssuer, once cert-manager serves it").isNotNull();
            assertThat(tools.genericKubernetesResources(SimulatedK3s.DNS_ENDPOINTS).inNamespace(ready.name())
                    .withName("environment").get()).as("the PR's DNSEndpoint on the tools cluster").isNotNull();
            assertThat(ready.workload().client().resourceQuotas().inNamespace("default").withName("environment").get())
                    .as("the app namespace's quota").isNotNull();
        });
        Job externalSecrets = ready.workload().client().batch().v1().jobs().inNamespace("kube-system")
                .withName("helm-install-external-secrets").get();
        assertThat(externalSecrets.getStatus().getConditions()).as("Phase 1 still runs: external-secrets not installed")
                .noneMatch(c -> "Complete".equals(c.getType()));
        assertThat(log.events(ready.name(), PhasesInstalled.class)).isEmpty();
        assertThat(watchesOf(ready)).as("Phase 1's waits are watched").isNotEmpty();

        log.send(ReadyClusters.destroyed(ready.run(), ready.pr()));

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(watchesOf(ready)).as("watches of a destroyed cluster")
                .isEmpty());
    }

    /** The installer's watches the workload cluster serves now. */
    private static List<ApiRequest> watchesOf(ReadyClusters.Ready ready) {
        return ready.workload().openWatches().stream().filter(w -> w.credential().equals(ReadyClusters.INSTALLER_TOKEN))
                .toList();
    }

    private double passes() {
        return registry.find("installer.reconcile.passes").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
