package pw.fullstack.ephemeral.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunTimelineTest {

    private static final Instant T0 = Instant.parse("2026-12-06T19:00:00Z");

    private static RunTimeline run(String id, long allocated, long applied, long ready, long installed) {
        return RunTimeline.of(id, "pr-" + id).reached(Milestone.PR_OPENED, T0)
                .reached(Milestone.IP_ALLOCATED, T0.plusMillis(allocated))
                .reached(Milestone.CLUSTER_API_APPLIED, T0.plusMillis(applied))
                .reached(Milestone.CLUSTER_READY, T0.plusMillis(ready))
                .reached(Milestone.PHASES_INSTALLED, T0.plusMillis(installed));
    }

    @Test
    void eachHopIsTheTimeBetweenItsTwoMilestonesOverAllRuns() {
        Map<Hop, Percentiles> hops = RunTimeline.hops(List.of(run("a", 10, 30, 130, 1130), run("b", 20, 60, 160, 2160)));

        assertThat(hops.get(Hop.ALLOCATION)).isEqualTo(new Percentiles(2, 10, 20, 20, 20));
        assertThat(hops.get(Hop.APPLY)).isEqualTo(new Percentiles(2, 20, 40, 40, 40));
        assertThat(hops.get(Hop.BOOT)).isEqualTo(new Percentiles(2, 100, 100, 100, 100));
        assertThat(hops.get(Hop.INSTALL)).isEqualTo(new Percentiles(2, 1000, 2000, 2000, 2000));
    }

    @Test
    void aRedeliveredEventDoesNotMoveAMilestone() {
        RunTimeline run = run("a", 10, 30, 130, 1130).reached(Milestone.IP_ALLOCATED, T0.plusSeconds(60));

        assertThat(run.took(Hop.ALLOCATION)).contains(Duration.ofMillis(10));
    }

    @Test
    void aRunThatDidNotReachBothEndsIsLeftOutOfThatHopOnly() {
        RunTimeline unapplied = RunTimeline.of("c", "pr-c").reached(Milestone.PR_OPENED, T0)
                .reached(Milestone.IP_ALLOCATED, T0.plusMillis(5)).reached(Milestone.CLUSTER_READY, T0.plusMillis(500));

        Map<Hop, Percentiles> hops = RunTimeline.hops(List.of(unapplied));

        assertThat(hops.get(Hop.ALLOCATION).count()).isEqualTo(1);
        assertThat(hops.get(Hop.APPLY).count()).isZero();
        assertThat(unapplied.between(Milestone.PR_OPENED, Milestone.CLUSTER_READY)).contains(Duration.ofMillis(500));
    }

    @Test
    void clocksOfDifferentJvmsNeverMakeAHopNegative() {
        RunTimeline skewed = RunTimeline.of("d", "pr-d").reached(Milestone.PR_OPENED, T0)
                .reached(Milestone.IP_ALLOCATED, T0.minusMillis(2));

        assertThat(skewed.took(Hop.ALLOCATION)).contains(Duration.ZERO);
    }
}
