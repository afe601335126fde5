package pw.fullstack.ephemeral.provisioner.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.Condition;

class ReconciliationTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final ReadinessPolicy AVAILABLE = new ReadinessPolicy(List.of("Available"), Duration.ofMinutes(10));

    private static Map<String, String> provisioning() {
        Map<String, String> a = new HashMap<>();
        a.put(ClusterLabels.PROVISIONING_STARTED, T0.toString());
        a.put(ClusterLabels.PROVISIONING_DEADLINE, T0.plus(Duration.ofMinutes(15)).toString());
        return a;
    }

    private static ClusterState cluster(Map<String, String> annotations, List<Condition> conditions) {
        return new ClusterState("c1", annotations, true, false, conditions, Optional.empty());
    }

    private static Condition available(String status) {
        return new Condition("Available", status, "r", "m");
    }

    @Test
    void aNamespaceDeletedByHandIsRecordedAsATeardownInsteadOfAppliedInto() {
        Map<String, String> applyInterrupted = provisioning();
        applyInterrupted.put(ClusterLabels.IP_ALLOCATED, "{}");
        var withoutCluster = new ClusterState("c1", applyInterrupted, false, false, List.of(), Optional.empty(), true);
        var readyCluster = new ClusterState("c1", provisioning(), true, true, List.of(available("True")), Optional.empty(), true);

        assertThat(Reconciliation.decide(withoutCluster, AVAILABLE, T0)).isInstanceOf(Step.RecordForeignDeletion.class);
        assertThat(Reconciliation.decide(readyCluster, AVAILABLE, T0)).isInstanceOf(Step.RecordForeignDeletion.class);
    }

    @Test
    void aTeardownWhoseNamespaceIsAlreadyGoingFinishesOnceTheClusterIsGone() {
        Map<String, String> tornDown = provisioning();
        tornDown.put(ClusterLabels.TEARDOWN_REASON, "expired");
        var gone = new ClusterState("c1", tornDown, false, false, List.of(), Optional.empty(), true);

        assertThat(Reconciliation.decide(gone, AVAILABLE, T0)).isInstanceOf(Step.FinishTeardown.class);
    }

    @Test
    void waitsBeforeTheDeadlineWhileConditionsAreNotMet() {
        Step step = Reconciliation.decide(cluster(provisioning(), List.of(available("False"))), AVAILABLE, T0.plusSeconds(60));
        assertThat(step).isInstanceOf(Step.Wait.class);
    }

    @Test
    void probesOnceTheConfiguredConditionsAreTrue() {
        assertThat(Reconciliation.decide(cluster(provisioning(), List.of(available("True"))), AVAILABLE, T0.plusSeconds(60)))
                .isInstanceOf(Step.ProbeAndReport.class);
        var k3sCompatible = new ReadinessPolicy(List.of("ControlPlaneInitialized", "InfrastructureReady"), Duration.ofMinutes(10));
        var conditions = List.of(new Condition("ControlPlaneInitialized", "True", null, null), available("False"));
        assertThat(Reconciliation.decide(cluster(provisioning(), conditions), k3sCompatible, T0))
                .isInstanceOf(Step.Wait.class);
        var both = List.of(new Condition("ControlPlaneInitialized", "True", null, null),
                new Condition("InfrastructureReady", "True", null, null));
        assertThat(Reconciliation.decide(cluster(provisioning(), both), k3sCompatible, T0)).isInstanceOf(Step.ProbeAndReport.class);
    }

    @Test
    void readyJustBeforeTheDeadlineIsNotFailed() {
        Instant atDeadline = T0.plus(Duration.ofMinutes(15));
        assertThat(Reconciliation.decide(cluster(provisioning(), List.of(available("True"))), AVAILABLE, atDeadline))
                .isInstanceOf(Step.ProbeAndReport.class);
    }

    @Test
    void failsAtTheDeadlineWithTheLastConditions() {
        Step step = Reconciliation.decide(cluster(provisioning(), List.of(available("False"))), AVAILABLE,
                T0.plus(Duration.ofMinutes(15)));
        assertThat(step).isInstanceOf(Step.FailProvisioning.class);
        Step.FailProvisioning fail = (Step.FailProvisioning) step;
        assertThat(fail.reason()).startsWith("not ready after 15 minutes");
        assertThat(fail.lastConditions()).containsExactly("Available=False: r: m");
    }

    @Test
    void aProviderFailureFailsAtOnce() {
        var state = new ClusterState("c1", provisioning(), true, false, List.of(), Optional.of("CreateError: clone failed"));
        Step step = Reconciliation.decide(state, AVAILABLE, T0);
        assertThat(step).isInstanceOf(Step.FailProvisioning.class);
        assertThat(((Step.FailProvisioning) step).reason()).contains("clone failed");
    }

    @Test
    void nothingHappensAfterReadyWasReported() {
        var annotations = provisioning();
        annotations.put(ClusterLabels.READY_REPORTED, T0.toString());
        assertThat(Reconciliation.decide(cluster(annotations, List.of(available("True"))), AVAILABLE, T0.plus(Duration.ofDays(1))))
                .isInstanceOf(Step.Wait.class);
    }

    @Test
    void aTeardownOverridesProvisioningAndWaitsForTheClusterToBeGone() {
        var annotations = provisioning();
        annotations.put(ClusterLabels.TEARDOWN_REASON, "expired");
        annotations.put(ClusterLabels.TEARDOWN_REQUESTED, T0.toString());
        assertThat(Reconciliation.decide(cluster(annotations, List.of(available("True"))), AVAILABLE, T0))
                .isInstanceOf(Step.DeleteCluster.class);

        var deleting = new ClusterState("c1", annotations, true, true, List.of(), Optional.empty());
        assertThat(Reconciliation.decide(deleting, AVAILABLE, T0.plusSeconds(30))).isEqualTo(new Step.AwaitDeletion(false));
        assertThat(Reconciliation.decide(deleting, AVAILABLE, T0.plus(Duration.ofMinutes(11)))).isEqualTo(new Step.AwaitDeletion(true));
        assertThat(Phase.of(deleting, T0.plus(Duration.ofMinutes(11)), Duration.ofMinutes(10))).isEqualTo(Phase.TEARDOWN_STUCK);

        var gone = new ClusterState("c1", annotations, false, false, List.of(), Optional.empty());
        assertThat(Reconciliation.decide(gone, AVAILABLE, T0.plusSeconds(30))).isInstanceOf(Step.FinishTeardown.class);
    }

    @Test
    void aNamespaceWithoutClusterAndWithoutTeardownIsAFailedProvisioning() {
        var gone = new ClusterState("c1", provisioning(), false, false, List.of(), Optional.empty());
        assertThat(Reconciliation.decide(gone, AVAILABLE, T0)).isInstanceOf(Step.FailProvisioning.class);
    }

    @Test
    void aNamespaceWithoutItsClusterIsAppliedAgainFromTheRunsStoredAllocation() {
        Map<String, String> annotations = provisioning();
        annotations.put(ClusterLabels.IP_ALLOCATED, "{\"clusterName\":\"c1\"}");
        ClusterState namespaceOnly = new ClusterState("c1", annotations, false, false, List.of(), Optional.empty());

        assertThat(Reconciliation.decide(namespaceOnly, AVAILABLE, T0)).isInstanceOf(Step.ApplyObjects.class);
    }

    /** Admission refusals, a quota, an API version the tools cluster does not serve: every state has a deadline. */
    @Test
    void anApplyThatKeepsFailingIsAFailedProvisioningAtTheDeadline() {
        Map<String, String> annotations = provisioning();
        annotations.put(ClusterLabels.IP_ALLOCATED, "{\"clusterName\":\"c1\"}");
        ClusterState namespaceOnly = new ClusterState("c1", annotations, false, false, List.of(), Optional.empty());

        assertThat(Reconciliation.decide(namespaceOnly, AVAILABLE, T0.plus(Duration.ofMinutes(14))))
                .isInstanceOf(Step.ApplyObjects.class);
        assertThat(Reconciliation.decide(namespaceOnly, AVAILABLE, T0.plus(Duration.ofMinutes(15))))
                .isInstanceOfSatisfying(Step.FailProvisioning.class, fail -> assertThat(fail.reason())
                        .contains("could not be created before the deadline"));
    }

    private static Map<String, String> expiredReady(Instant deadline) {
        Map<String, String> a = provisioning();
        a.put(ClusterLabels.READY_REPORTED, T0.plusSeconds(60).toString());
        a.put(ClusterLabels.TEARDOWN_REASON, "expired");
        a.put(ClusterLabels.TEARDOWN_REQUESTED, T0.plus(Duration.ofHours(1)).toString());
        a.put(ClusterLabels.DNS_RELEASE_DEADLINE, deadline.toString());
        return a;
    }

    @Test
    void anExpiredReadyClusterIsLeftAloneUntilItsDnsIsReleasedOrTheWaitRunsOut() {
        Instant expiredAt = T0.plus(Duration.ofHours(1));
        Instant deadline = expiredAt.plus(Duration.ofMinutes(2));
        ClusterState waiting = cluster(expiredReady(deadline), List.of(available("True")));

        assertThat(Reconciliation.decide(waiting, AVAILABLE, expiredAt.plusSeconds(30)))
                .isEqualTo(new Step.AwaitDnsRelease(deadline));
        assertThat(Reconciliation.decide(waiting, AVAILABLE, deadline)).isInstanceOf(Step.DeleteCluster.class);

        Map<String, String> released = expiredReady(deadline);
        released.put(ClusterLabels.DNS_RELEASED, expiredAt.plusSeconds(10).toString());
        assertThat(Reconciliation.decide(cluster(released, List.of()), AVAILABLE, expiredAt.plusSeconds(11)))
                .isInstanceOf(Step.DeleteCluster.class);
    }

    @Test
    void aTeardownAfterTheDnsWaitCountsAsStuckFromWhenTheDeletionWasDueNotFromTheExpiry() {
        Instant expiredAt = T0.plus(Duration.ofHours(1));
        Instant deadline = expiredAt.plus(Duration.ofMinutes(2));
        Map<String, String> released = expiredReady(deadline);
        released.put(ClusterLabels.DNS_RELEASED, expiredAt.plusSeconds(90).toString());
        ClusterState deleting = new ClusterState("c1", released, true, true, List.of(), Optional.empty());
        var policy = new ReadinessPolicy(List.of("Available"), Duration.ofMinutes(1));

        assertThat(Reconciliation.decide(deleting, policy, expiredAt.plusSeconds(140)))
                .isEqualTo(new Step.AwaitDeletion(false));
        assertThat(Reconciliation.decide(deleting, policy, expiredAt.plusSeconds(151)))
                .isEqualTo(new Step.AwaitDeletion(true));
        assertThat(Phase.of(deleting, expiredAt.plusSeconds(140), Duration.ofMinutes(1))).isEqualTo(Phase.TEARING_DOWN);
    }

    @Test
    void onlyAnExpiryOfAClusterReportedReadyWaitsForTheDnsRelease() {
        var pr = pw.fullstack.ephemeral.contracts.pr.PullRequestRef.of("fullstack-pw/cks-backend", 42);
        var name = pw.fullstack.ephemeral.contracts.naming.ClusterName.of("pr-cksbackend-42");
        var expired = new pw.fullstack.ephemeral.contracts.events.ClusterExpired(pr, name,
                pw.fullstack.ephemeral.contracts.events.ExpiryReason.GRACE_PERIOD_ELAPSED, T0);
        var failed = new pw.fullstack.ephemeral.contracts.events.InstallFailed(pr, name, "phase1", "timeout");
        Map<String, String> ready = provisioning();
        ready.put(ClusterLabels.READY_REPORTED, T0.toString());
        Duration twoMinutes = Duration.ofMinutes(2);

        assertThat(Reconciliation.dnsReleaseDeadline(cluster(ready, List.of()), expired, twoMinutes, T0))
                .contains(T0.plus(twoMinutes));
        assertThat(Reconciliation.dnsReleaseDeadline(cluster(ready, List.of()), failed, twoMinutes, T0)).isEmpty();
        assertThat(Reconciliation.dnsReleaseDeadline(cluster(provisioning(), List.of()), expired, twoMinutes, T0)).isEmpty();
        assertThat(Reconciliation.dnsReleaseDeadline(cluster(ready, List.of()), expired, Duration.ZERO, T0))
                .as("0 = no installer deployed").isEmpty();
    }
}
