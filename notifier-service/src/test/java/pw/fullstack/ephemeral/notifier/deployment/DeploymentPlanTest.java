package pw.fullstack.ephemeral.notifier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.notifier.Saga;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;

class DeploymentPlanTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private final Saga saga = Saga.of("fullstack-pw/cks-backend", 42, T0);

    @Test
    void statusesFollowTheRunOneStepAtATime() {
        assertThat(states(null, saga.opened)).containsExactly("queued");
        assertThat(states("queued", saga.opened, saga.allocated())).containsExactly("in_progress");
        assertThat(states("in_progress", saga.opened, saga.allocated(), saga.ready())).isEmpty();
        assertThat(states("in_progress", saga.opened, saga.allocated(), saga.ready(), saga.installed())).containsExactly("success");
        assertThat(states("success", saga.opened, saga.allocated(), saga.installed(), saga.destroyed(DestroyReason.EXPIRED)))
                .containsExactly("inactive");
    }

    @Test
    void onlySuccessCarriesTheEnvironmentUrl() {
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.allocated(), saga.installed())).timeline();
        assertThat(DeploymentPlan.statusesToPost(t, "in_progress")).singleElement()
                .satisfies(u -> assertThat(u.withEnvironmentUrl()).isTrue());
    }

    @Test
    void coalescedUpdatesSkipToTheNewestStateButKeepAFailureInTheHistory() {
        assertThat(states(null, saga.opened, saga.allocated(), saga.ready(), saga.installed())).containsExactly("success");
        assertThat(states("in_progress", saga.opened, saga.allocated(), saga.installFailed("phase1", "timeout"),
                saga.destroyed(DestroyReason.INSTALL_FAILED))).containsExactly("failure", "inactive");
        assertThat(states("failure", saga.opened, saga.allocated(), saga.installFailed("phase1", "timeout"),
                saga.destroyed(DestroyReason.INSTALL_FAILED))).containsExactly("inactive");
    }

    @Test
    void aPrClosedWhileQueuedEndsItsDeployment() {
        assertThat(states("queued", saga.opened, saga.queued(3), saga.closed(T0.plusSeconds(5), false))).containsExactly("inactive");
        assertThat(states("success", saga.opened, saga.allocated(), saga.installed(), saga.closed(T0.plusSeconds(5), false))).isEmpty();
    }

    @Test
    void descriptionsFitGitHubsLimitAndTheRunIsInThePayload() {
        PrTimeline t = Timeline.fold(null, List.of(saga.opened, saga.queued(12345))).timeline();
        assertThat(DeploymentPlan.statusesToPost(t, null)).allSatisfy(u -> assertThat(u.description()).hasSizeLessThanOrEqualTo(140));
        assertThat(DeploymentPlan.payload(t)).containsEntry("run_id", saga.runId());
        assertThat(DeploymentPlan.environment("pr-", 42)).isEqualTo("pr-42");
    }

    @Test
    void aNewRunLeavesThePreviousDeploymentToBeMarkedInactive() {
        GitHubEffects effects = GitHubEffects.NONE.withDeployment(11).withState("success").withDispatched("e1");
        GitHubEffects next = effects.forNewRun();

        assertThat(next.staleDeployments()).containsExactly(11L);
        assertThat(next.deploymentId()).isNull();
        assertThat(next.dispatchedEventId()).isNull();
        assertThat(GitHubEffects.NONE.withDeployment(12).withState("inactive").forNewRun().staleDeployments()).isEmpty();
    }

    @SafeVarargs
    private static List<String> states(String lastPosted, EventEnvelope<? extends LifecycleEvent>... events) {
        PrTimeline t = Timeline.fold(null, List.of(events)).timeline();
        return DeploymentPlan.statusesToPost(t, lastPosted).stream().map(DeploymentPlan.StatusUpdate::state).toList();
    }
}
