package pw.fullstack.ephemeral.sandbox.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.board.PrBoard;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.process.ServiceProcess;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;

/**
 * The default demo: six PRs over three repositories against a pool of four clusters, so two queue;
 * the first two close, and once the reaper's grace period is over they are torn down, which hands
 * their addresses to the queue; one PR is closed and reopened within its grace period, and the reaper
 * lets that grace period pass without expiring anything: the PR keeps its cluster under the new run;
 * then the rest close. READY means the installer reported PhasesInstalled (the board shows INSTALLING
 * in between, and the environment URL). Ends true when every run finished with its cluster gone, its
 * DNS record gone, the pool empty and nothing emitted twice.
 */
public final class DemoScenario {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    private static final String CORRELATION_ANNOTATION = "ephemeral.fullstack.pw/correlation-id";

    private final Sandbox sandbox;
    private final PrintStream out;
    private final GitHubBridgeStandIn bridge;
    private final Set<String> expiredRuns = ConcurrentHashMap.newKeySet();

    public DemoScenario(Sandbox sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.out = out;
        this.bridge = sandbox.github();
        sandbox.watch().onEvent(event -> {
            if (event.data() instanceof ClusterExpired) {
                expiredRuns.add(event.correlationId());
            }
        });
    }

    public static List<PullRequestRef> demoPullRequests() {
        return List.of(
                PullRequestRef.of("fullstack-pw/cks-backend", 41),
                PullRequestRef.of("fullstack-pw/demo-apps", 7),
                PullRequestRef.of("fullstack-pw/cks-frontend", 3),
                PullRequestRef.of("fullstack-pw/cks-backend", 42),
                PullRequestRef.of("fullstack-pw/demo-apps", 8),
                PullRequestRef.of("fullstack-pw/cks-frontend", 4));
    }

    public boolean run() {
        List<PullRequestRef> prs = demoPullRequests();
        List<EventEnvelope<PrOpened>> opened = new ArrayList<>();
        step("open " + prs.size() + " PRs (the pool holds 4 clusters)");
        for (PullRequestRef pr : prs) {
            opened.add(bridge.open(pr, "feature/demo-" + pr.number()));
        }
        if (!await("4 clusters ready, 2 PRs queued",
                board -> board.rowsByStage(Stage.READY).size() == 4 && board.queue().size() == 2)) {
            return false;
        }

        step("close two PRs that have clusters; the reaper expires them after the grace period ("
                + sandbox.settings().gracePeriod().toSeconds() + " s here, 1 h by default)");
        // Which four got clusters first depends on partition order, so pick among the ready ones.
        List<EventEnvelope<PrOpened>> ready = opened.stream().filter(run -> sandbox.watch().read(board ->
                board.rowsByStage(Stage.READY).stream().anyMatch(r -> r.correlationId().equals(run.correlationId()))))
                .limit(2).toList();
        close(ready);
        if (!await("the first two released and the queued two ready",
                board -> count(board, Stage.RELEASED) == 2 && board.rowsByStage(Stage.READY).size() == 4)) {
            return false;
        }

        List<EventEnvelope<PrOpened>> remaining = new ArrayList<>(opened.stream().filter(run -> !ready.contains(run)).toList());
        EventEnvelope<PrOpened> reopened = reopenDuringGrace(remaining.get(0));
        if (reopened == null) {
            return false;
        }
        remaining.set(0, reopened);

        step("close the remaining four");
        close(remaining);
        if (!await("every cluster destroyed and its addresses released",
                board -> count(board, Stage.RELEASED) == prs.size())) {
            return false;
        }
        return verifyEndState(prs.size());
    }

    /**
     * Close a PR with a cluster and reopen it at once, within its grace period: the reaper must let
     * that grace period pass without expiring anything (the PR is open again; nothing is sent to
     * cancel), and the PR must stay READY on the same cluster and addresses under the new run.
     * Returns the new run, or null when that did not happen.
     */
    private EventEnvelope<PrOpened> reopenDuringGrace(EventEnvelope<PrOpened> run) {
        PullRequestRef pr = run.data().pullRequest();
        Duration grace = sandbox.settings().gracePeriod();
        step("close " + pr + " and reopen it within its grace period (" + grace.toSeconds()
                + " s); the reaper lets the grace period pass");
        PrRow before = row(run.correlationId()).orElseThrow();
        String uid = clusterUid(run.subject());
        EventEnvelope<PrClosed> closed = bridge.close(pr);
        EventEnvelope<PrOpened> reopened = bridge.open(pr, run.data().branch().value());
        if (!await(pr + " READY again under its new run, with the same addresses", board -> board.rows().stream()
                .anyMatch(r -> r.correlationId().equals(reopened.correlationId()) && r.stage() == Stage.READY
                        && r.addresses().equals(before.addresses())))) {
            return null;
        }
        // The close's grace period, then two reaper passes finished (so one began after it ran out),
        // then the watch caught up: only then is "nothing expired" evidence.
        Instant graceOver = closed.data().closedAt().plus(grace);
        Waits.untilTrue(STEP_TIMEOUT, () -> Instant.now().isAfter(graceOver));
        ServiceProcess reaper = sandbox.service(SandboxService.REAPER);
        double passes = reaper.counter("reaper_passes_total", "outcome=\"ok\"");
        if (!Waits.untilTrue(STEP_TIMEOUT, () -> reaper.counter("reaper_passes_total", "outcome=\"ok\"") >= passes + 2)) {
            out.println("\nFAILED: the reaper made no two passes after the grace period of " + pr + " within "
                    + STEP_TIMEOUT.toSeconds() + " s");
            return null;
        }
        sandbox.watch().awaitCaughtUp(STEP_TIMEOUT);
        boolean notExpired = !expiredRuns.contains(run.correlationId()) && !expiredRuns.contains(reopened.correlationId());
        boolean sameCluster = uid.equals(clusterUid(run.subject())) && sandbox.clusters().stream()
                .anyMatch(c -> c.getMetadata().getName().equals(run.subject())
                        && reopened.correlationId().equals(c.getMetadata().getAnnotations().get(CORRELATION_ANNOTATION)));
        boolean stillReady = row(reopened.correlationId()).map(r -> r.stage() == Stage.READY).orElse(false);
        if (!notExpired || !sameCluster || !stillReady) {
            out.println("\nFAILED: the reopened PR " + pr + " did not keep its cluster past the grace period (nothing expired="
                    + notExpired + ", the same cluster under the new run=" + sameCluster + ", still READY=" + stillReady + ")");
            return null;
        }
        out.println("   the grace period passed and nothing expired: " + pr + " keeps its cluster under the new run");
        return reopened;
    }

    private String clusterUid(String name) {
        return sandbox.clusters().stream().filter(c -> c.getMetadata().getName().equals(name))
                .map(c -> c.getMetadata().getUid()).findFirst().orElse("none");
    }

    private java.util.Optional<PrRow> row(String correlationId) {
        return sandbox.watch().read(board -> row(board, correlationId));
    }

    private static java.util.Optional<PrRow> row(PrBoard board, String correlationId) {
        return board.rows().stream().filter(r -> r.correlationId().equals(correlationId)).findFirst();
    }

    private void close(List<EventEnvelope<PrOpened>> runs) {
        for (EventEnvelope<PrOpened> run : runs) {
            bridge.close(run.data().pullRequest());
        }
    }

    private boolean verifyEndState(int prs) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> allocations = sandbox.allocations();
        allocations.forEach((ip, cluster) -> {
            if (!ip.startsWith("_")) {
                problems.add("address " + ip + " still allocated to " + cluster);
            }
        });
        sandbox.clusters().forEach(c -> problems.add("Cluster " + c.getMetadata().getName() + " still exists"));
        sandbox.workloads().zone().records().forEach(r -> problems.add("DNS record " + r.name() + " -> " + r.addresses()
                + " outlived its cluster"));
        int installed = sandbox.watch().read(board -> board.count(pw.fullstack.ephemeral.contracts.events.EventType.PHASES_INSTALLED));
        if (installed < prs) {
            problems.add("only " + installed + " PhasesInstalled for " + prs + " PRs");
        }
        int duplicates = sandbox.watch().read(PrBoard::duplicates);
        if (duplicates > 0) {
            problems.add(duplicates + " events were emitted twice");
        }
        problems.addAll(commentProblems());
        if (sandbox.watch().invalidRecords() > 0) {
            problems.add(sandbox.watch().invalidRecords() + " invalid records on the lifecycle topic");
        }
        if (problems.isEmpty()) {
            out.println("\nOK: " + prs + " PRs went through the saga (each environment installed, its DNS record gone with"
                    + " its cluster); pool empty, no cluster left, no DNS record left, no duplicate event.");
            return true;
        }
        out.println("\nFAILED end state:");
        problems.forEach(p -> out.println("  - " + p));
        return false;
    }

    /** Each PR has one comment on the sandbox's GitHub, and it shows the PR's last run destroyed. */
    private List<String> commentProblems() {
        List<String> problems = new ArrayList<>();
        for (PullRequestRef pr : demoPullRequests()) {
            boolean shown = Waits.untilTrue(STEP_TIMEOUT, () -> sandbox.githubApi()
                    .comments(pr.repository().toString(), pr.number()).stream()
                    .anyMatch(c -> c.body().contains("Ephemeral environment destroyed")));
            int comments = sandbox.githubApi().comments(pr.repository().toString(), pr.number()).size();
            if (!shown || comments != 1) {
                problems.add(pr + ": " + comments + " comment(s)" + (shown ? "" : ", not showing its environment destroyed"));
            }
        }
        if (problems.isEmpty()) {
            out.println("   each PR's one comment shows its environment destroyed (sandbox-work/github/<owner>/<repo>/<n>.md)");
        }
        return problems;
    }

    private boolean await(String what, Predicate<PrBoard> condition) {
        boolean reached = Waits.until(sandbox.watch(), STEP_TIMEOUT, condition);
        if (!reached) {
            out.println("\nFAILED: not reached within " + STEP_TIMEOUT.toSeconds() + " s: " + what
                    + " (service logs under " + sandbox.service(pw.fullstack.ephemeral.sandbox.infra.SandboxService.ALLOCATOR).log().getParent() + ")");
        }
        return reached;
    }

    private void step(String text) {
        out.println("\n== " + text);
    }

    private static long count(PrBoard board, Stage stage) {
        return board.rowsByStage(stage).size();
    }
}
