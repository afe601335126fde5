package pw.fullstack.ephemeral.sandbox.board;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

/**
 * One line of the board: a PR's current saga run.
 *
 * @param openedAt      when GitHub says the run's PR was opened (PrOpened.openedAt)
 * @param changedAt     time of the latest event of the run
 * @param queuePosition position when queued, else 0
 * @param detail        the latest reason or URL worth showing, or empty
 * @param closed        a PrClosed arrived for this run
 * @param installingAt  when its ClusterReady arrived (the installer's start), or null
 */
public record PrRow(PullRequestRef pullRequest, ClusterName clusterName, String correlationId, Stage stage,
                    List<Ipv4Address> addresses, int queuePosition, Instant openedAt, Instant changedAt,
                    String detail, boolean closed, Instant installingAt) {

    public PrRow {
        addresses = List.copyOf(addresses);
    }

    public SagaRun run() {
        return new SagaRun(correlationId, openedAt);
    }

    public Duration elapsed() {
        return Duration.between(openedAt, changedAt);
    }

    PrRow advance(Stage next, Instant at) {
        return new PrRow(pullRequest, clusterName, correlationId, next, addresses, next == Stage.QUEUED ? queuePosition : 0,
                openedAt, at, detail, closed, installingAt);
    }

    PrRow withAddresses(List<Ipv4Address> value) {
        return new PrRow(pullRequest, clusterName, correlationId, stage, value, queuePosition, openedAt, changedAt, detail, closed, installingAt);
    }

    PrRow withQueuePosition(int value) {
        return new PrRow(pullRequest, clusterName, correlationId, stage, addresses, value, openedAt, changedAt, detail, closed, installingAt);
    }

    PrRow withDetail(String value) {
        return new PrRow(pullRequest, clusterName, correlationId, stage, addresses, queuePosition, openedAt, changedAt, value, closed, installingAt);
    }

    PrRow withInstallingAt(Instant at) {
        return new PrRow(pullRequest, clusterName, correlationId, stage, addresses, queuePosition, openedAt, changedAt, detail,
                closed, at);
    }

    /** From ClusterReady to PhasesInstalled (the installer's part), if both happened. */
    public java.util.Optional<Duration> installing() {
        return installingAt == null || stage != Stage.READY ? java.util.Optional.empty()
                : java.util.Optional.of(Duration.between(installingAt, changedAt));
    }

    PrRow markClosed() {
        return new PrRow(pullRequest, clusterName, correlationId, stage, addresses, queuePosition, openedAt, changedAt, detail, true, installingAt);
    }
}
