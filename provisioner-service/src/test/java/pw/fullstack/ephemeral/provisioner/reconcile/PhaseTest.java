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

/** When a saga counts as stuck between IpAllocated and ClusterReady/ProvisioningFailed (provisioner_provisioning_overdue). */
class PhaseTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant DEADLINE = T0.plus(Duration.ofMinutes(15));

    private static Map<String, String> provisioning() {
        Map<String, String> a = new HashMap<>();
        a.put(ClusterLabels.PROVISIONING_STARTED, T0.toString());
        a.put(ClusterLabels.PROVISIONING_DEADLINE, DEADLINE.toString());
        return a;
    }

    private static ClusterState cluster(Map<String, String> annotations) {
        return new ClusterState("pr-demo-7", annotations, true, false, List.of(), Optional.empty());
    }

    @Test
    void aClusterStillProvisioningAfterItsDeadlineIsOverdue() {
        assertThat(Phase.provisioningOverdue(cluster(provisioning()), DEADLINE.minusSeconds(1))).isFalse();
        assertThat(Phase.provisioningOverdue(cluster(provisioning()), DEADLINE.plusSeconds(1))).isTrue();
    }

    @Test
    void aClusterThatWasReportedReadyOrFailedIsNotOverdue() {
        Map<String, String> ready = provisioning();
        ready.put(ClusterLabels.READY_REPORTED, T0.plusSeconds(300).toString());
        Map<String, String> failed = provisioning();
        failed.put(ClusterLabels.TEARDOWN_REASON, "provisioning-failed");

        assertThat(Phase.provisioningOverdue(cluster(ready), DEADLINE.plusSeconds(60))).isFalse();
        assertThat(Phase.provisioningOverdue(cluster(failed), DEADLINE.plusSeconds(60))).isFalse();
    }

    @Test
    void aClusterWhoseObjectsAreNotAppliedYetHasNoDeadlineToMiss() {
        assertThat(Phase.provisioningOverdue(cluster(Map.of()), DEADLINE.plusSeconds(60))).isFalse();
    }
}
