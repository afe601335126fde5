package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.board.BoardView;
import pw.fullstack.ephemeral.sandbox.board.PrBoard;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.scenario.Waits;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;

/** What the end-to-end tests do to a running sandbox, and the bounded waits they need. */
final class SagaDriver {

    static final Duration STEP = Duration.ofSeconds(90);
    private static final URI LATE_EXPIRY_SOURCE = URI.create("/ephemeral-clusters/e2e-late-expiry");

    private final Sandbox sandbox;
    private final GitHubBridgeStandIn bridge;

    SagaDriver(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.bridge = sandbox.github();
    }

    EventEnvelope<PrOpened> open(String repository, int number) {
        return bridge.open(PullRequestRef.of(repository, number), "feature/e2e-" + number);
    }

    /** PrClosed, as the GitHub bridge sends it; the reaper expires the cluster once the grace period is over. */
    EventEnvelope<PrClosed> close(EventEnvelope<PrOpened> run) {
        EventEnvelope<PrClosed> closed = bridge.close(run.data().pullRequest());
        awaitBoard(run.data().pullRequest() + " closed", board -> board.rows().stream()
                .anyMatch(r -> r.correlationId().equals(run.correlationId()) && r.closed()));
        return closed;
    }

    /** A close and, right behind it (well within any grace period), the reopen. */
    Reopen closeAndReopenAtOnce(EventEnvelope<PrOpened> run) {
        EventEnvelope<PrClosed> closed = bridge.close(run.data().pullRequest());
        return new Reopen(closed, reopen(run));
    }

    record Reopen(EventEnvelope<PrClosed> closed, EventEnvelope<PrOpened> reopened) {
    }

    /** The PR opened again: a new saga run, opened after the close. */
    EventEnvelope<PrOpened> reopen(EventEnvelope<PrOpened> run) {
        return bridge.open(run.data().pullRequest(), run.data().branch().value());
    }

    /**
     * A ClusterExpired for that row's run, published by the test itself: what a reaper that decided
     * just before a reopen was recorded would have sent (the real reaper sends nothing for a reopened
     * PR), to show that a late expiry of an earlier run changes nothing.
     */
    void lateExpiryOf(PrRow row) {
        sandbox.producer().publish(EventEnvelope.inSaga(row.correlationId(), LATE_EXPIRY_SOURCE,
                new ClusterExpired(row.pullRequest(), row.clusterName(), ExpiryReason.GRACE_PERIOD_ELAPSED, Instant.now())));
    }

    Optional<PrRow> row(EventEnvelope<PrOpened> run) {
        return sandbox.watch().read(board -> board.rows().stream()
                .filter(r -> r.correlationId().equals(run.correlationId())).findFirst());
    }

    void awaitStage(EventEnvelope<PrOpened> run, Stage stage) {
        awaitBoard(run.data().pullRequest() + " reaches " + stage, board -> board.rows().stream()
                .anyMatch(r -> r.correlationId().equals(run.correlationId()) && r.stage() == stage));
    }

    void awaitStages(List<EventEnvelope<PrOpened>> runs, Stage stage) {
        runs.forEach(run -> awaitStage(run, stage));
    }

    void awaitBoard(String what, Predicate<PrBoard> condition) {
        boolean reached = Waits.until(sandbox.watch(), STEP, condition);
        List<String> lines = sandbox.watch().read(b -> BoardView.render(b.rows()));
        assertThat(reached).as("within %s s: %s; board:%n%s", STEP.toSeconds(), what, String.join("\n", lines)).isTrue();
    }
}
