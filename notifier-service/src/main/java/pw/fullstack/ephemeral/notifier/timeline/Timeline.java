package pw.fullstack.ephemeral.notifier.timeline;

import java.util.ArrayList;
import java.util.List;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.AllocationRefused;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

/**
 * The notifier's decisions, as pure functions: which run a PR shows and what each event changes.
 *
 * <ul>
 *   <li>The PR shows its latest run by {@link SagaRun} order (GitHub's {@code openedAt}, then run id). A
 *       PrOpened of a later run starts a new table; one of an earlier run changes nothing.</li>
 *   <li>Every other event of a run counts only when its correlation id is the shown run's.</li>
 *   <li>PrClosed is about the PR, not a run (its correlation id is its own id): it closes the shown run
 *       if that run was opened at or before {@code closedAt} ({@link SagaRun#endedByCloseAt}).</li>
 *   <li>PrUpdated (new commits pushed) is about the PR too: it moves the shown run's head commit if it
 *       happened at or after the run opened and is newer than the last update applied (webhooks can
 *       arrive out of order; {@code updatedAt} is GitHub's time).</li>
 *   <li>An event id seen before changes nothing, so replays and restarts write nothing new.</li>
 * </ul>
 */
public final class Timeline {

    private Timeline() {
    }

    /** The outcome of folding one event. */
    public record Step(PrTimeline timeline, Verdict verdict, String note) {
    }

    /** The outcome of folding several, in order. */
    public record Folded(PrTimeline timeline, List<Step> steps) {

        public boolean changed() {
            return steps.stream().anyMatch(s -> s.verdict() == Verdict.APPLIED);
        }
    }

    /** Whether an event of this type can ever change what a PR shows (the consumer acks the others at once). */
    public static boolean shown(LifecycleEvent event) {
        return !(event instanceof IpReleased);
    }

    public static Folded fold(PrTimeline current, List<? extends EventEnvelope<? extends LifecycleEvent>> events) {
        List<Step> steps = new ArrayList<>();
        PrTimeline timeline = current;
        for (EventEnvelope<? extends LifecycleEvent> envelope : events) {
            Step step = apply(timeline, envelope);
            steps.add(step);
            timeline = step.timeline();
        }
        return new Folded(timeline, steps);
    }

    public static Step apply(PrTimeline current, EventEnvelope<? extends LifecycleEvent> envelope) {
        LifecycleEvent event = envelope.data();
        if (!shown(event)) {
            return new Step(current, Verdict.NOT_SHOWN, null);
        }
        if (current != null && current.applied(envelope.id())) {
            return new Step(current, Verdict.DUPLICATE, null);
        }
        if (event instanceof PrOpened opened) {
            return opened(current, envelope, opened);
        }
        if (current == null) {
            return new Step(null, Verdict.NO_RUN, "no run shown yet for " + event.clusterName());
        }
        if (event instanceof PrClosed closed) {
            if (!current.run().endedByCloseAt(closed.closedAt())) {
                return new Step(current, Verdict.OTHER_RUN, "close at " + closed.closedAt() + " is before run "
                        + current.run() + " opened");
            }
            if (current.closed()) {
                return new Step(current.remember(envelope.id()), Verdict.DUPLICATE, "already closed");
            }
            return applied(current.with().closed(closed.closedAt(), closed.merged()).build(), envelope);
        }
        if (event instanceof PrUpdated updated) {
            if (updated.updatedAt().isBefore(current.openedAt())) {
                return new Step(current, Verdict.OTHER_RUN, "push at " + updated.updatedAt() + " is before run "
                        + current.run() + " opened");
            }
            if (current.headUpdatedAt() != null && !updated.updatedAt().isAfter(current.headUpdatedAt())) {
                return new Step(current.remember(envelope.id()), Verdict.DUPLICATE, "not newer than the head shown");
            }
            return applied(current.with().head(updated.branch().value(), updated.headSha().value(), updated.updatedAt())
                    .build(), envelope);
        }
        if (!current.runId().equals(envelope.correlationId())) {
            return new Step(current, Verdict.OTHER_RUN, "event of run " + envelope.correlationId()
                    + " while the PR shows run " + current.run());
        }
        PrTimeline.Builder next = current.with();
        var at = envelope.time().toInstant();
        if (event instanceof AllocationQueued queued) {
            next.queued(at, queued.position(), queued.poolCapacity());
        } else if (event instanceof AllocationRefused refused) {
            next.failed(at, REFUSED_STEP, refusal(refused));
        } else if (event instanceof IpAllocated allocated) {
            next.allocated(at, allocated.dnsName());
        } else if (event instanceof ClusterReady ready) {
            if (current.allocatedAt() == null) {
                next.allocated(at, ready.dnsName());
            }
            next.ready(ready.readyAt(), ready.kubeconfig(), ready.dnsName());
        } else if (event instanceof PhasesInstalled installed) {
            next.installed(at, envelope.id(), installed.environmentUrl());
        } else if (event instanceof ProvisioningFailed failed) {
            next.failed(at, "provisioning", failed.reason());
        } else if (event instanceof InstallFailed failed) {
            next.failed(at, failed.phase(), failed.reason());
        } else if (event instanceof ClusterExpired expired) {
            next.expired(at, expired.reason().wireName(), expired.deadline());
        } else if (event instanceof ClusterDestroyed destroyed) {
            next.destroyed(at, destroyed.reason().wireName());
        } else {
            return new Step(current, Verdict.NOT_SHOWN, null);
        }
        return applied(next.build(), envelope);
    }

    /** The failed step of a run the allocator refused: the PR got no environment because a limit is reached. */
    public static final String REFUSED_STEP = "allocation";

    /** Why, in the PR's words: which limit, and what brings an environment. */
    static String refusal(AllocationRefused refused) {
        return switch (refused.reason()) {
            case REPOSITORY_LIMIT -> "no environment: this repository already has " + refused.limit()
                    + " environments, live or waiting (the allocator's limit per repository); close and reopen this PR"
                    + " once one of them is gone";
            case QUEUE_FULL -> "no environment: " + refused.limit() + " pull requests already wait for one (the allocator's"
                    + " queue limit); close and reopen this PR later";
        };
    }

    private static Step opened(PrTimeline current, EventEnvelope<? extends LifecycleEvent> envelope, PrOpened opened) {
        SagaRun run = new SagaRun(envelope.correlationId(), opened.openedAt());
        if (current != null && !run.supersedes(current.run())) {
            return new Step(current, Verdict.OTHER_RUN, "run " + run + " is not later than the shown run " + current.run());
        }
        PrTimeline fresh = new PrTimeline.Builder()
                .pr(opened.pullRequest().repository().toString(), opened.pullRequest().number(), opened.clusterName().value())
                .run(run.id(), run.openedAt(), opened.branch().value(), opened.headSha() == null ? null : opened.headSha().value())
                .build();
        return applied(fresh, envelope);
    }

    private static Step applied(PrTimeline next, EventEnvelope<?> envelope) {
        return new Step(next.remember(envelope.id()), Verdict.APPLIED, null);
    }
}
