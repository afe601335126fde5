package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.board.BoardView;
import pw.fullstack.ephemeral.sandbox.board.PrBoard;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.scenario.Waits;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;
import pw.fullstack.ephemeral.sandbox.standins.ReaperStandIn;

/** What the end-to-end tests do to a running sandbox, and the bounded waits they need. */
final class SagaDriver {

    static final Duration STEP = Duration.ofSeconds(90);

    private final Sandbox sandbox;
    private final GitHubBridgeStandIn bridge;
    private final ReaperStandIn reaper;

    SagaDriver(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.bridge = sandbox.github();
        this.reaper = new ReaperStandIn(sandbox.producer());
    }

    EventEnvelope<PrOpened> open(String repository, int number) {
        return bridge.open(PullRequestRef.of(repository, number), "feature/e2e-" + number);
    }

    /** PrClosed, then at once the ClusterExpired the reaper sends when the grace period is over. */
    void closeAndExpire(EventEnvelope<PrOpened> run) {
        close(run);
        expire(run);
    }

    void close(EventEnvelope<PrOpened> run) {
        bridge.close(run.data().pullRequest());
        awaitBoard(run.data().pullRequest() + " closed", board -> board.rows().stream()
                .anyMatch(r -> r.correlationId().equals(run.correlationId()) && r.closed()));
    }

    /** The PR opened again: a new saga run, opened after the close. */
    EventEnvelope<PrOpened> reopen(EventEnvelope<PrOpened> run) {
        return bridge.open(run.data().pullRequest(), run.data().branch().value());
    }

    void expire(EventEnvelope<PrOpened> run) {
        expire(row(run).orElseThrow());
    }

    /** The ClusterExpired the reaper sends for that row's run when its grace period is over. */
    void expire(PrRow row) {
        reaper.expire(row, ExpiryReason.GRACE_PERIOD_ELAPSED);
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
