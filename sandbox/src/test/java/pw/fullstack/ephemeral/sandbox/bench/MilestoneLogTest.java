package pw.fullstack.ephemeral.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal.Verb;

class MilestoneLogTest {

    private static final Instant T0 = Instant.parse("2026-12-06T19:00:00Z");
    private static final RunTimeline RUN = RunTimeline.of("run", "pr-a-1").reached(Milestone.PR_OPENED, T0)
            .reached(Milestone.IP_ALLOCATED, T0.plusMillis(100)).reached(Milestone.CLUSTER_READY, T0.plusMillis(900));

    private static RequestJournal.Entry create(long atMillis, String kind, String namespace, String subresource, int status) {
        return new RequestJournal.Entry(atMillis, T0.plusMillis(atMillis), Verb.CREATE, "cluster.x-k8s.io", "v1beta1",
                kind.toLowerCase() + "s", kind, namespace, "pr-a-1", subresource, status);
    }

    @Test
    void theClusterApiObjectsAreAppliedWhenTheLastOfTheRunsObjectsWasCreated() {
        List<RequestJournal.Entry> journal = List.of(create(150, "Cluster", "pr-a-1", null, 201),
                create(170, "ProxmoxCluster", "pr-a-1", null, 201), create(190, "KThreesControlPlane", "pr-a-1", null, 201),
                create(210, "ProxmoxMachineTemplate", "pr-a-1", null, 201));

        assertThat(MilestoneLog.clusterApiApplied(journal, "pr-a-1", RUN)).contains(T0.plusMillis(210));
    }

    @Test
    void otherClustersRefusedWritesStatusWritesAndEarlierRunsDoNotCount() {
        List<RequestJournal.Entry> journal = List.of(create(50, "Cluster", "pr-a-1", null, 201),
                create(150, "Cluster", "pr-a-1", null, 201), create(160, "KThreesControlPlane", "pr-a-1", null, 422),
                create(170, "Cluster", "pr-b-2", null, 201), create(180, "Cluster", "pr-a-1", "status", 201),
                create(190, "Machine", "pr-a-1", null, 201), create(950, "Cluster", "pr-a-1", null, 201));

        assertThat(MilestoneLog.clusterApiApplied(journal, "pr-a-1", RUN)).contains(T0.plusMillis(150));
    }

    @Test
    void aRunNotYetAllocatedHasNothingApplied() {
        RunTimeline opened = RunTimeline.of("run", "pr-a-1").reached(Milestone.PR_OPENED, T0);

        assertThat(MilestoneLog.clusterApiApplied(List.of(create(150, "Cluster", "pr-a-1", null, 201)), "pr-a-1", opened))
                .isEmpty();
    }
}
