package pw.fullstack.ephemeral.sandbox.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench's report: its sections in order. {@link #standard()} is what {@code ./sandbox.sh --bench N} prints;
 * a mode that measures something else adds its own section with {@link #with}.
 */
public final class BenchReport {

    private final List<BenchSection> sections;

    private BenchReport(List<BenchSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /** Saga overhead, per hop, the services' timers, CPU per environment, start time and memory. */
    public static BenchReport standard() {
        return new BenchReport(List.of(BenchReport::sagaOverhead, BenchReport::hops, BenchReport::timers, BenchReport::cpu,
                BenchReport::starts));
    }

    public BenchReport with(BenchSection section) {
        List<BenchSection> more = new ArrayList<>(sections);
        more.add(section);
        return new BenchReport(more);
    }

    public void print(BenchRun run, PrintStream out) {
        sections.forEach(section -> section.print(run, out));
    }

    /** The two end-to-end figures the README's tables have carried since the first bench. */
    static void sagaOverhead(BenchRun run, PrintStream out) {
        Percentiles ready = Percentiles.of(run.timelines().stream()
                .flatMap(t -> t.between(Milestone.PR_OPENED, Milestone.CLUSTER_READY).stream()).map(Duration::toMillis).toList());
        Percentiles installed = Percentiles.of(run.timelines().stream().flatMap(t -> t.took(Hop.INSTALL).stream())
                .map(Duration::toMillis).toList());
        double seconds = Math.max(1, run.window().toMillis()) / 1000.0;
        out.printf("%nbench: %d PRs, PrOpened -> ClusterReady saga overhead: %s; throughput %.1f environments/s (%d cores)%n",
                run.environments(), ready.describe(), run.environments() / seconds, Runtime.getRuntime().availableProcessors());
        out.printf("bench: %d PRs, ClusterReady -> PhasesInstalled installer overhead: %s%n", run.environments(),
                installed.describe());
    }

    /** Per hop, from the events' own times (and the tools API's journal for the Cluster API objects). */
    static void hops(BenchRun run, PrintStream out) {
        out.println("bench: per hop (from the events' own times):");
        RunTimeline.hops(run.timelines()).forEach((hop, figures) -> out.printf("  %-46s %s   [%s]%n", hop.label(),
                figures.describe(), hop.spentIn()));
    }

    static void timers(BenchRun run, PrintStream out) {
        out.println("bench: the services' own timers (/q/metrics, difference over the measured window):");
        run.timers().forEach((service, figures) -> {
            if (figures.isEmpty()) {
                out.printf("  %-12s (no timer recorded in the window)%n", service);
            }
            figures.forEach(timer -> out.printf("  %-12s %s%n", service, timer.describe()));
        });
    }

    /** CPU per process and per environment, and which share of it was the launcher's (stand-ins and broker). */
    static void cpu(BenchRun run, PrintStream out) {
        CpuUse cpu = run.cpu();
        out.printf("bench: CPU time over the measured window (/proc/<pid>/stat utime+stime), %d environments; \"above idle\""
                + " takes off what each JVM uses at rest over as long a time:%n", cpu.environments());
        out.printf("  %-12s %9s %12s %20s%n", "", "window", "per env", "above idle, per env");
        for (CpuUse.Process process : cpu.processes()) {
            out.printf("  %-12s %7d ms %9.0f ms %17.0f ms%s%n", process.name(), process.millis(),
                    cpu.perEnvironment(process.millis()), cpu.perEnvironment(process.aboveIdleMillis()),
                    process.launcher() ? "  (stand-ins + broker)" : "");
        }
        out.printf("  %-12s %7d ms %9.0f ms %17.0f ms%n", "services", cpu.servicesMillis(),
                cpu.perEnvironment(cpu.servicesMillis()), cpu.perEnvironment(cpu.servicesAboveIdleMillis()));
        out.printf("  %-12s %7d ms %9.0f ms %17.0f ms%n", "all", cpu.totalMillis(), cpu.perEnvironment(cpu.totalMillis()),
                cpu.perEnvironment(cpu.servicesAboveIdleMillis() + cpu.launcherAboveIdleMillis()));
        out.printf("  the launcher's share (stand-ins + broker): %.0f %% of all CPU, %.0f %% above idle%n",
                100 * cpu.launcherShare(), 100 * cpu.launcherShareAboveIdle());
        if (!run.launcherCpu().isEmpty()) {
            StringBuilder parts = new StringBuilder();
            for (Map.Entry<String, Long> part : run.launcherCpu().entrySet()) {
                parts.append(parts.length() == 0 ? "" : ", ").append(part.getKey()).append(' ')
                        .append(String.format("%.0f", cpu.perEnvironment(part.getValue()))).append(" ms");
            }
            out.println("  launcher per environment, by thread (window): " + parts);
        }
    }

    static void starts(BenchRun run, PrintStream out) {
        out.println("bench: JVMs' start (process start -> /q/health/ready 200) and resident memory after the bench (VmRSS):");
        for (ServiceStart start : run.starts()) {
            out.printf("  %-12s ready after %-9s RSS %s%n", start.name(),
                    start.timeToReady().map(d -> d.toMillis() + " ms").orElse("-"),
                    start.rssKib().isPresent() ? (start.rssKib().getAsLong() / 1024) + " MB" : "?");
        }
    }
}
