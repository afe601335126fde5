package pw.fullstack.ephemeral.sandbox.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;

/**
 * N PRs through the saga with zero-delay simulated infrastructure: what the saga itself costs from
 * PrOpened to ClusterReady (Kafka hops, Vault CAS, Kubernetes API calls, probes), and the installer's
 * own overhead from ClusterReady to PhasesInstalled (Vault reads, workload API calls, the waits' polling,
 * the DNS check) with helm installs that take no time. Measured after a warm-up round, so the figures
 * describe services that have handled events before, as in production, not cold JVMs.
 */
public final class Benchmark {

    private static final int WARM_UP_PRS = 3;
    private static final String WARM_UP_REPOSITORY = "bench-warmup";

    private final Sandbox sandbox;
    private final PrintStream out;

    public Benchmark(Sandbox sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.out = out;
    }

    public boolean run(int prs) {
        GitHubBridgeStandIn bridge = sandbox.github();
        // Cold JVMs spend seconds on their first event of each kind (class loading, connection pools, JIT):
        // a few PRs through the whole saga first, left open and left out of the figures.
        for (int i = 1; i <= WARM_UP_PRS; i++) {
            bridge.open(PullRequestRef.of("fullstack-pw/" + WARM_UP_REPOSITORY, i), "bench");
        }
        if (!Waits.until(sandbox.watch(), Duration.ofSeconds(120), board -> board.rowsByStage(Stage.READY).stream()
                .filter(Benchmark::isWarmUp).count() == WARM_UP_PRS)) {
            out.println("FAILED: the warm-up PRs did not get ready environments within 120 s");
            return false;
        }
        Instant start = Instant.now();
        for (int i = 1; i <= prs; i++) {
            bridge.open(PullRequestRef.of("fullstack-pw/bench-" + (i % 3), i), "bench");
        }
        Duration timeout = Duration.ofSeconds(60 + prs);
        boolean done = Waits.until(sandbox.watch(), timeout,
                board -> measured(board.rowsByStage(Stage.READY)).size() == prs);
        List<PrRow> ready = sandbox.watch().read(board -> measured(board.rowsByStage(Stage.READY)));
        if (!done) {
            out.println("FAILED: only " + ready.size() + " of " + prs + " clusters ready within " + timeout.toSeconds() + " s");
            return false;
        }
        List<Long> millis = new ArrayList<>(ready.stream()
                .map(r -> Duration.between(r.openedAt(), r.installingAt()).toMillis()).sorted().toList());
        List<Long> installs = new ArrayList<>(ready.stream().map(r -> r.installing().orElseThrow().toMillis()).sorted().toList());
        Instant last = ready.stream().map(PrRow::changedAt).max(Instant::compareTo).orElseThrow();
        double seconds = Duration.between(start, last).toMillis() / 1000.0;
        out.printf("%nbench: %d PRs, PrOpened -> ClusterReady saga overhead: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms;"
                        + " throughput %.1f environments/s (%d cores)%n",
                prs, percentile(millis, 50), percentile(millis, 95), percentile(millis, 99), millis.get(millis.size() - 1),
                prs / seconds, Runtime.getRuntime().availableProcessors());
        out.printf("bench: %d PRs, ClusterReady -> PhasesInstalled installer overhead: p50 %d ms, p95 %d ms, p99 %d ms,"
                        + " max %d ms%n", prs, percentile(installs, 50), percentile(installs, 95), percentile(installs, 99),
                installs.get(installs.size() - 1));
        return true;
    }

    private static boolean isWarmUp(PrRow row) {
        return row.pullRequest().repository().name().equals(WARM_UP_REPOSITORY);
    }

    private static List<PrRow> measured(List<PrRow> rows) {
        return rows.stream().filter(row -> !isWarmUp(row)).toList();
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
