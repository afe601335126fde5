package pw.fullstack.ephemeral.notifier.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.RefusalReason;
import pw.fullstack.ephemeral.notifier.Saga;

class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final Saga saga = Saga.of("fullstack-pw/cks-backend", 42, T0);

    @Test
    void aWholeRunFillsThePhasesInOrder() {
        PrTimeline t = fold(null, saga.opened, saga.queued(2), saga.allocated(), saga.ready(), saga.installed(),
                saga.closed(T0.plusSeconds(600), true), saga.expired(ExpiryReason.GRACE_PERIOD_ELAPSED),
                saga.destroyed(DestroyReason.EXPIRED)).timeline();

        assertThat(t.runId()).isEqualTo(saga.runId());
        assertThat(t.queuePosition()).isEqualTo(2);
        assertThat(t.allocatedAt()).isNotNull();
        assertThat(t.readyAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(t.kubeconfig().path()).isEqualTo("ephemeral-clusters/pr-cksbackend-42/kubeconfig");
        assertThat(t.installed()).isTrue();
        assertThat(t.closedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(t.merged()).isTrue();
        assertThat(t.expiryReason()).isEqualTo("grace-period-elapsed");
        assertThat(t.destroyReason()).isEqualTo("expired");
    }

    @Test
    void anEventSeenBeforeChangesNothing() {
        var allocated = saga.allocated();
        Timeline.Folded first = fold(null, saga.opened, allocated);
        Timeline.Folded again = Timeline.fold(first.timeline(), List.of(saga.opened, allocated));

        assertThat(again.changed()).isFalse();
        assertThat(again.timeline()).isEqualTo(first.timeline());
        assertThat(again.steps()).extracting(Timeline.Step::verdict).containsOnly(Verdict.DUPLICATE);
    }

    @Test
    void aLaterRunStartsAFreshTableAndAnEarlierRunsEventsAreIgnored() {
        PrTimeline first = fold(null, saga.opened, saga.allocated(), saga.ready(), saga.closed(T0.plusSeconds(60), false)).timeline();
        Saga reopened = Saga.of("fullstack-pw/cks-backend", 42, T0.plusSeconds(90));

        Timeline.Folded folded = fold(first, reopened.opened, saga.expired(ExpiryReason.GRACE_PERIOD_ELAPSED),
                saga.destroyed(DestroyReason.EXPIRED), reopened.ready());

        assertThat(folded.timeline().runId()).isEqualTo(reopened.runId());
        assertThat(folded.timeline().closed()).isFalse();
        assertThat(folded.timeline().destroyed()).isFalse();
        assertThat(folded.timeline().readyAt()).isNotNull();
        assertThat(folded.steps()).extracting(Timeline.Step::verdict)
                .containsExactly(Verdict.APPLIED, Verdict.OTHER_RUN, Verdict.OTHER_RUN, Verdict.APPLIED);
        assertThat(folded.steps().get(1).note()).contains(saga.runId()).contains(reopened.runId());
    }

    @Test
    void anEarlierRunsPrOpenedReplayedLaterDoesNotTakeThePrBack() {
        Saga later = Saga.of("fullstack-pw/cks-backend", 42, T0.plusSeconds(90));
        PrTimeline shown = fold(null, later.opened).timeline();

        Timeline.Step replay = Timeline.apply(shown, saga.opened);

        assertThat(replay.verdict()).isEqualTo(Verdict.OTHER_RUN);
        assertThat(replay.timeline().runId()).isEqualTo(later.runId());
    }

    @Test
    void aCloseBeforeTheRunOpenedIsAnEarlierRunsClose() {
        Saga reopened = Saga.of("fullstack-pw/cks-backend", 42, T0.plusSeconds(90));
        PrTimeline shown = fold(null, reopened.opened).timeline();

        Timeline.Step staleClose = Timeline.apply(shown, saga.closed(T0.plusSeconds(60), false));
        Timeline.Step close = Timeline.apply(shown, reopened.closed(T0.plusSeconds(90), false));

        assertThat(staleClose.verdict()).isEqualTo(Verdict.OTHER_RUN);
        assertThat(close.verdict()).isEqualTo(Verdict.APPLIED);
        assertThat(close.timeline().closedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void aPushMovesTheHeadOnlyForwardAndOnlyWithinTheShownRun() {
        PrTimeline shown = fold(null, saga.opened, saga.allocated()).timeline();
        String first = "1".repeat(40);
        String second = "2".repeat(40);

        PrTimeline moved = fold(shown, saga.updated(second, T0.plusSeconds(20)), saga.updated(first, T0.plusSeconds(10))).timeline();
        Timeline.Step beforeTheRun = Timeline.apply(shown, saga.updated(first, T0.minusSeconds(5)));

        assertThat(moved.headSha()).isEqualTo(second);
        assertThat(moved.headUpdatedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(beforeTheRun.verdict()).isEqualTo(Verdict.OTHER_RUN);
        assertThat(beforeTheRun.timeline().headSha()).isEqualTo(Saga.SHA);
    }

    @Test
    void aPrOpenedWithoutACommitIsShownWithItsBranch() {
        var opened = saga.opened.data();
        var withoutSha = new pw.fullstack.ephemeral.contracts.events.PrOpened(opened.pullRequest(), opened.clusterName(),
                opened.branch(), null, opened.options(), opened.openedAt());
        PrTimeline t = Timeline.apply(null, new EventEnvelope<>(saga.opened.id(), Saga.SOURCE, saga.opened.time(),
                saga.opened.id(), null, withoutSha)).timeline();

        assertThat(t.headSha()).isNull();
        assertThat(pw.fullstack.ephemeral.notifier.deployment.DeploymentPlan.ref(t)).isEqualTo("feature/login-form");
    }

    @Test
    void aRefusedRunShowsWhichLimitAndWhatBringsAnEnvironment() {
        PrTimeline repository = fold(null, saga.opened, saga.refused(RefusalReason.REPOSITORY_LIMIT, 5)).timeline();
        PrTimeline queue = fold(null, saga.opened, saga.refused(RefusalReason.QUEUE_FULL, 20)).timeline();

        assertThat(repository.failedStep()).isEqualTo(Timeline.REFUSED_STEP);
        assertThat(repository.failureReason()).isEqualTo("no environment: this repository already has 5 environments, live or"
                + " waiting (the allocator's limit per repository); close and reopen this PR once one of them is gone");
        assertThat(queue.failureReason()).startsWith("no environment: 20 pull requests already wait for one");
    }

    @Test
    void eventsBeforeAnyPrOpenedShowNothing() {
        Timeline.Step step = Timeline.apply(null, saga.ready());

        assertThat(step.verdict()).isEqualTo(Verdict.NO_RUN);
        assertThat(step.timeline()).isNull();
    }

    @Test
    void releasedAddressesAreNotShown() {
        PrTimeline shown = fold(null, saga.opened).timeline();

        assertThat(Timeline.apply(shown, saga.released(DestroyReason.EXPIRED)).verdict()).isEqualTo(Verdict.NOT_SHOWN);
    }

    @Test
    void rememberedIdsAreBounded() {
        PrTimeline t = fold(null, saga.opened).timeline();
        for (int i = 0; i < 100; i++) {
            t = Timeline.apply(t, saga.closed(T0.plusSeconds(i), false)).timeline();
        }
        assertThat(t.appliedEventIds()).hasSizeLessThanOrEqualTo(PrTimeline.MAX_REMEMBERED_IDS);
    }

    @SafeVarargs
    private static Timeline.Folded fold(PrTimeline start, EventEnvelope<? extends LifecycleEvent>... events) {
        return Timeline.fold(start, List.of(events));
    }
}
