package pw.fullstack.ephemeral.sandbox.realistic;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SimulatedDelays;
import pw.fullstack.ephemeral.sandbox.realistic.RecordedTimes.ChartTimes;
import pw.fullstack.ephemeral.sandbox.scenario.Waits;
import pw.fullstack.ephemeral.testkit.clusterapi.BootTimes;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.workload.ChartMarks;

/**
 * {@code ./sandbox.sh --bench N --realistic}: N PRs opened at once against infrastructure that takes real time
 * ({@link SimulatedDelays#realistic()}), and for each what the user waited for: PR open to ready, every step's time
 * and the critical path (which step waited on what), from the lifecycle events' own times and what the simulation
 * and the mock API servers recorded.
 */
public final class RealisticBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    private static final Set<EventType> ENDS = Set.of(EventType.PHASES_INSTALLED, EventType.INSTALL_FAILED,
            EventType.PROVISIONING_FAILED, EventType.ALLOCATION_REFUSED);
    private static final Set<String> PHASE2_GROUPS = Set.of("cert-manager.io", "external-secrets.io", "postgresql.cnpg.io",
            "externaldns.k8s.io");

    private final Sandbox sandbox;
    private final PrintStream out;
    /** Per saga run (correlation id), the first event of each type, with its own time. */
    private final Map<String, Map<EventType, EventEnvelope<LifecycleEvent>>> events = new ConcurrentHashMap<>();

    public RealisticBench(Sandbox sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.out = out;
    }

    public boolean run(int prs) {
        SimulatedDelays delays = sandbox.settings().delays();
        sandbox.watch().onEvent(e -> events.computeIfAbsent(e.correlationId(), k -> new ConcurrentHashMap<>())
                .putIfAbsent(e.type(), e));
        out.printf("%nrealistic bench: %d PR(s); VM clone and boot %d s, K3s %d s, charts %s, external-dns interval %d s,"
                        + " ACME issuance %d s%n", prs, delays.vmCloneAndBoot().toSeconds(), delays.k3sStart().toSeconds(),
                describe(delays), delays.externalDnsInterval().toSeconds(), delays.certificateIssuance().toSeconds());
        List<EventEnvelope<PrOpened>> opened = new ArrayList<>();
        for (int i = 1; i <= prs; i++) {
            opened.add(sandbox.github().open(PullRequestRef.of("fullstack-pw/realistic-" + i, i), "bench"));
        }
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!ended(opened) && Instant.now().isBefore(deadline)) {
            Waits.untilTrue(Duration.ofSeconds(30), () -> ended(opened));
            out.printf("  %s: %s%n", Instant.now().toString().substring(11, 19), progress(opened));
        }
        List<Duration> waits = new ArrayList<>();
        CriticalPath slowest = null;
        for (EventEnvelope<PrOpened> pr : opened) {
            Map<EventType, EventEnvelope<LifecycleEvent>> run = events.getOrDefault(pr.correlationId(), Map.of());
            out.printf("%n%s:%n", pr.data().pullRequest());
            if (!run.containsKey(EventType.PHASES_INSTALLED)) {
                out.println("  FAILED: no PhasesInstalled within " + TIMEOUT.toMinutes() + " min; events: " + run.keySet());
                return false;
            }
            RecordedTimes times = recorded(pr, run);
            List<CriticalPath.Step> steps = times.steps();
            CriticalPathTable.lines(steps, RecordedTimes.PHASES_INSTALLED).forEach(out::println);
            CriticalPath path = CriticalPath.to(RecordedTimes.PHASES_INSTALLED, steps);
            out.printf("  PR open to ready %s; critical path: %s%n", CriticalPathTable.seconds(path.total()),
                    CriticalPathTable.summary(path));
            waits.add(path.total());
            if (slowest == null || path.total().compareTo(slowest.total()) > 0) {
                slowest = path;
            }
        }
        waits.sort(Comparator.naturalOrder());
        Duration target = delays.vmCloneAndBoot().plus(delays.k3sStart()).plus(slowestChart(delays)).plusSeconds(10);
        out.printf(Locale.ROOT, "%nrealistic bench: %d PR(s), PR open to ready: p50 %s, max %s (target: boot + slowest chart"
                        + " + 10 s = %s)%n", prs, CriticalPathTable.seconds(waits.get((waits.size() - 1) / 2)),
                CriticalPathTable.seconds(waits.get(waits.size() - 1)), CriticalPathTable.seconds(target));
        return true;
    }

    private boolean ended(List<EventEnvelope<PrOpened>> opened) {
        return opened.stream().allMatch(pr -> events.getOrDefault(pr.correlationId(), Map.of()).keySet().stream()
                .anyMatch(ENDS::contains));
    }

    /** How many runs reached each stage so far. */
    private String progress(List<EventEnvelope<PrOpened>> opened) {
        Map<EventType, Integer> latest = new EnumMap<>(EventType.class);
        for (EventEnvelope<PrOpened> pr : opened) {
            events.getOrDefault(pr.correlationId(), Map.of()).values().stream()
                    .max(Comparator.comparing(EventEnvelope::time))
                    .ifPresent(e -> latest.merge(e.type(), 1, Integer::sum));
        }
        return latest.toString();
    }

    private RecordedTimes recorded(EventEnvelope<PrOpened> pr, Map<EventType, EventEnvelope<LifecycleEvent>> run) {
        ClusterReady ready = (ClusterReady) run.get(EventType.CLUSTER_READY).data();
        String name = ready.clusterName().value();
        List<RequestJournal.Entry> tools = sandbox.toolsJournal().all();
        List<RequestJournal.Entry> workload = sandbox.clusterApi().workloadCluster(name).map(c -> c.journal().all())
                .orElse(List.of());
        Optional<BootTimes> boot = sandbox.clusterApi().bootTimes(name);
        Map<String, ChartTimes> charts = new LinkedHashMap<>();
        sandbox.workloads().cluster(name).ifPresent(k3s -> k3s.chartMarks().forEach((chart, marks) ->
                charts.put(chart, chartTimes(marks, first(workload, e -> e.inGroup("helm.cattle.io")
                        && e.resource().equals("helmcharts") && chart.equals(e.name()))))));
        // Each Phase 2 object's first write (later ones are re-applies); the last of those.
        Map<String, Instant> firstWrites = new LinkedHashMap<>();
        workload.stream().filter(e -> e.succeeded() && e.isWrite() && e.subresource() == null && PHASE2_GROUPS.contains(e.group()))
                .forEach(e -> firstWrites.putIfAbsent(e.resource() + "/" + e.namespace() + "/" + e.name(), e.at()));
        Instant phase2 = firstWrites.values().stream().max(Comparator.naturalOrder()).orElse(null);
        Optional<RequestJournal.Entry> certificate = tools.stream().filter(e -> e.succeeded()
                && e.verb() == RequestJournal.Verb.CREATE && e.inGroup("cert-manager.io") && e.resource().equals("certificates")
                && name.equals(e.namespace())).findFirst();
        return new RecordedTimes(pr.time().toInstant(), at(run, EventType.IP_ALLOCATED),
                first(tools, e -> e.verb() == RequestJournal.Verb.CREATE && e.inGroup("cluster.x-k8s.io")
                        && e.resource().equals("clusters") && name.equals(e.name())),
                boot.map(BootTimes::vmBooted).orElse(null), boot.map(BootTimes::k3sReady).orElse(null),
                at(run, EventType.CLUSTER_READY), charts, phase2,
                first(tools, e -> e.verb() == RequestJournal.Verb.CREATE && e.inGroup("externaldns.k8s.io")
                        && e.resource().equals("dnsendpoints") && name.equals(e.namespace())),
                sandbox.workloads().zone().firstPublished(ready.dnsName()).orElse(null),
                certificate.map(RequestJournal.Entry::at).orElse(null),
                certificate.flatMap(c -> sandbox.toolsPlatform().certManager().firstIssued(name, c.name())).orElse(null),
                at(run, EventType.PHASES_INSTALLED));
    }

    private static ChartTimes chartTimes(ChartMarks marks, Instant applied) {
        return new ChartTimes(applied, marks.started(), marks.crdsEstablished(), marks.installed(), marks.available());
    }

    private static Instant first(List<RequestJournal.Entry> journal, Predicate<RequestJournal.Entry> which) {
        return journal.stream().filter(RequestJournal.Entry::succeeded).filter(which).map(RequestJournal.Entry::at)
                .findFirst().orElse(null);
    }

    private static Instant at(Map<EventType, EventEnvelope<LifecycleEvent>> run, EventType type) {
        EventEnvelope<LifecycleEvent> event = run.get(type);
        return event == null ? null : event.time().toInstant();
    }

    private static Duration slowestChart(SimulatedDelays delays) {
        // The charts every environment gets (the tools cluster publishing DNS, no PostgreSQL): cert-manager, external-secrets.
        return delays.charts().entrySet().stream().filter(c -> Set.of("cert-manager", "external-secrets").contains(c.getKey()))
                .map(c -> c.getValue().available()).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
    }

    private static String describe(SimulatedDelays delays) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(delays.charts()).forEach((chart, t) -> text.append(text.length() == 0 ? "" : ", ").append(chart)
                .append(' ').append(t.crdsEstablished().toSeconds()).append('/').append(t.installed().toSeconds()).append('/')
                .append(t.available().toSeconds()).append(" s"));
        return text + " (CRDs/installed/available)";
    }
}
