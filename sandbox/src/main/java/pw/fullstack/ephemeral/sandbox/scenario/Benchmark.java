package pw.fullstack.ephemeral.sandbox.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.bench.BenchReport;
import pw.fullstack.ephemeral.sandbox.bench.BenchRun;
import pw.fullstack.ephemeral.sandbox.bench.CpuUse;
import pw.fullstack.ephemeral.sandbox.bench.LauncherThreads;
import pw.fullstack.ephemeral.sandbox.bench.MemoryStatus;
import pw.fullstack.ephemeral.sandbox.bench.MilestoneLog;
import pw.fullstack.ephemeral.sandbox.bench.ProcStat;
import pw.fullstack.ephemeral.sandbox.bench.ServiceStart;
import pw.fullstack.ephemeral.sandbox.bench.TimerFigures;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.process.ServiceProcess;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;

/**
 * N PRs through the saga with zero-delay simulated infrastructure: what the saga itself costs from
 * PrOpened to ClusterReady (Kafka hops, Vault CAS, Kubernetes API calls, probes), and the installer's
 * own overhead from ClusterReady to PhasesInstalled (Vault reads, workload API calls, the waits' polling,
 * the DNS check) with helm installs that take no time. Measured after a warm-up round, so the figures
 * describe services that have handled events before, as in production, not cold JVMs.
 *
 * <p>Over the measured window it also reads each hop's time from the events, each service's Micrometer timers,
 * and the CPU time of every JVM (the services' and the launcher's, which runs the stand-ins and the broker):
 * {@link BenchReport} prints them.
 */
public final class Benchmark {

    private static final int WARM_UP_PRS = 3;
    private static final String WARM_UP_REPOSITORY = "bench-warmup";
    private static final String LAUNCHER = "launcher";
    private static final int IDLE_SECONDS = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    /** The JVM's and libraries' own timers are left out of the report: it is about what the services time. */
    private static final Predicate<String> SERVICE_TIMERS = name -> List.of("jvm_", "kafka_", "vertx_", "netty_",
            "worker_pool_", "executor", "process_", "system_", "http_client_").stream().noneMatch(name::startsWith);

    private final Sandbox sandbox;
    private final PrintStream out;
    private final BenchReport report;

    public Benchmark(Sandbox sandbox, PrintStream out) {
        this(sandbox, out, BenchReport.standard());
    }

    public Benchmark(Sandbox sandbox, PrintStream out, BenchReport report) {
        this.sandbox = sandbox;
        this.out = out;
        this.report = report;
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
        MilestoneLog milestones = new MilestoneLog();
        sandbox.watch().onEvent(milestones);
        Map<String, ServiceProcess> services = services();
        long clockTicks = clockTicksPerSecond();
        Map<String, Double> idle = idleTicksPerSecond(services);
        Map<String, String> metricsBefore = scrape(services);
        Map<Long, ProcStat> threadsBefore = LauncherThreads.sample();
        Map<String, Long> cpuBefore = cpuTicks(services);
        Instant start = Instant.now();
        for (int i = 1; i <= prs; i++) {
            bridge.open(PullRequestRef.of("fullstack-pw/bench-" + (i % 3), i), "bench");
        }
        Duration timeout = Duration.ofSeconds(60 + prs);
        boolean done = Waits.until(sandbox.watch(), timeout,
                board -> measured(board.rowsByStage(Stage.READY)).size() == prs);
        Map<String, Long> cpuAfter = cpuTicks(services);
        Map<Long, ProcStat> threadsAfter = LauncherThreads.sample();
        Map<String, String> metricsAfter = scrape(services);
        List<PrRow> ready = sandbox.watch().read(board -> measured(board.rowsByStage(Stage.READY)));
        if (!done) {
            out.println("FAILED: only " + ready.size() + " of " + prs + " clusters ready within " + timeout.toSeconds() + " s");
            return false;
        }
        Instant last = ready.stream().map(PrRow::changedAt).max(Instant::compareTo).orElseThrow();
        CpuUse cpu = CpuUse.between(cpuBefore, cpuAfter, idle, Duration.between(start, Instant.now()).toMillis(), LAUNCHER,
                clockTicks, prs);
        long launcherTicks = cpuAfter.getOrDefault(LAUNCHER, 0L) - cpuBefore.getOrDefault(LAUNCHER, 0L);
        Map<String, List<TimerFigures>> timers = new LinkedHashMap<>();
        services.keySet().forEach(name -> timers.put(name, TimerFigures.between(metricsBefore.getOrDefault(name, ""),
                metricsAfter.getOrDefault(name, ""), SERVICE_TIMERS)));
        BenchRun run = new BenchRun(prs, Duration.between(start, last),
                milestones.timelines(sandbox.toolsJournal().all()), cpu,
                threadsBefore.isEmpty() ? Map.of() : LauncherThreads.split(threadsBefore, threadsAfter, launcherTicks, clockTicks),
                timers, starts(services));
        report.print(run, out);
        return true;
    }

    private Map<String, ServiceProcess> services() {
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        for (SandboxService service : SandboxService.values()) {
            ServiceProcess process = sandbox.service(service);
            if (process != null) {
                services.put(service.label(), process);
            }
        }
        return services;
    }

    private static Map<String, Long> cpuTicks(Map<String, ServiceProcess> services) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        services.forEach((name, process) -> process.pid().stream()
                .forEach(pid -> ProcStat.ofProcess(pid).ifPresent(stat -> ticks.put(name, stat.cpuTicks()))));
        ProcStat.ofProcess(ProcessHandle.current().pid()).ifPresent(stat -> ticks.put(LAUNCHER, stat.cpuTicks()));
        return ticks;
    }

    /**
     * What each JVM uses at rest ({@value #IDLE_SECONDS} s with nothing in flight, after the warm-up): the part of the
     * window's CPU that grows with its length rather than with the environments.
     */
    private static Map<String, Double> idleTicksPerSecond(Map<String, ServiceProcess> services) {
        Map<String, Long> before = cpuTicks(services);
        long from = System.nanoTime();
        try {
            Thread.sleep(IDLE_SECONDS * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return CpuUse.ticksPerSecond(before, cpuTicks(services), (System.nanoTime() - from) / 1_000_000);
    }

    private static List<ServiceStart> starts(Map<String, ServiceProcess> services) {
        List<ServiceStart> starts = new ArrayList<>();
        services.forEach((name, process) -> starts.add(new ServiceStart(name, process.timeToReady(),
                process.pid().isPresent() ? MemoryStatus.rssKibOf(process.pid().getAsLong()) : OptionalLong.empty())));
        starts.add(new ServiceStart(LAUNCHER, java.util.Optional.empty(), MemoryStatus.rssKibOf(ProcessHandle.current().pid())));
        return starts;
    }

    private static Map<String, String> scrape(Map<String, ServiceProcess> services) {
        Map<String, String> pages = new LinkedHashMap<>();
        services.forEach((name, process) -> {
            try {
                pages.put(name, HTTP.send(HttpRequest.newBuilder(process.management("/q/metrics")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
            } catch (IOException e) {
                pages.put(name, "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        });
        return pages;
    }

    /** The kernel's clock tick ({@code getconf CLK_TCK}), the unit of /proc's CPU times; 100 where it cannot be read. */
    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String value = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(value) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static boolean isWarmUp(PrRow row) {
        return row.pullRequest().repository().name().equals(WARM_UP_REPOSITORY);
    }

    private static List<PrRow> measured(List<PrRow> rows) {
        return rows.stream().filter(row -> !isWarmUp(row)).toList();
    }
}
