package pw.fullstack.ephemeral.sandbox.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.faults.FaultInjector;
import pw.fullstack.ephemeral.sandbox.faults.FaultInjector.Fault;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.standins.GitHubBridgeStandIn;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * Many PRs opened, closed, reopened within their grace period and after their release, while faults
 * are injected at random moments (Vault sealed or slow or in a check-and-set storm, the tools API
 * failing or slow, namespaces slow to go, the broker refusing publishes, {@code kill -9} of a service);
 * then every fault is healed and the system given time to settle, and the end state is checked:
 * every open PR has exactly one READY environment with its own addresses, every closed PR has nothing
 * left (no Cluster, no namespace, no DNS record, no allocation, no kubeconfig in Vault), no address was
 * ever held by two clusters, the allocation map equals the open environments' addresses, each run
 * produced each effect under one event id, and no dead-letter topic got a record. The schedule comes
 * from one seed, printed first, so a failure can be replayed.
 */
public final class SoakScenario {

    private static final String CORRELATION_ANNOTATION = "ephemeral.fullstack.pw/correlation-id";
    private static final List<String> REPOSITORIES = List.of("fullstack-pw/cks-backend", "fullstack-pw/demo-apps",
            "fullstack-pw/cks-frontend");
    private static final Duration DELIVERY_RETRY = Duration.ofMinutes(2);
    private static final Duration STEP = Duration.ofMinutes(3);
    private static final Duration READY_WAIT = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofMinutes(5);
    private static final List<Class<? extends LifecycleEvent>> ONE_ID_PER_RUN = List.of(IpAllocated.class,
            ClusterReady.class, PhasesInstalled.class, ClusterDestroyed.class, IpReleased.class);
    private static final List<SandboxService> KILLABLE = List.of(SandboxService.ALLOCATOR, SandboxService.PROVISIONER,
            SandboxService.INSTALLER, SandboxService.REAPER, SandboxService.NOTIFIER, SandboxService.BRIDGE);

    /** What happens to one PR after it is opened. */
    enum Fate { STAYS_OPEN, CLOSES, REOPENS_WITHIN_GRACE, REOPENS_AFTER_RELEASE }

    /** The outcome: {@code problems} is empty when every invariant held. */
    /**
     * @param closedOnceReady closed PRs whose cluster had been reported ready (their kubeconfig, DNS record
     *                        and comment existed): the ones whose cleanup the end state really checks
     */
    public record Result(long seed, int prs, Map<Fault, Integer> injected, List<String> problems, Duration took,
                         long closedOnceReady) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Sandbox sandbox;
    private final PrintStream out;
    private final long seed;
    private final int prs;
    private final int clusters;
    private final Duration minimumChaos;
    private final Instant start = Instant.now();
    private final AddressLedger ledger = new AddressLedger();
    /** run → event type → distinct ids. */
    private final Map<String, Map<String, Set<String>>> effects = new ConcurrentHashMap<>();
    private final Map<String, String> dnsNames = new ConcurrentHashMap<>();

    /**
     * @param clusters     how many clusters the pool holds: at most that many PRs are left open at the end
     *                     (more would wait in the queue, rightly); more may be open at once on the way
     * @param minimumChaos faults go on at least this long, however soon the PRs' actions are done
     */
    public SoakScenario(Sandbox sandbox, PrintStream out, long seed, int prs, int clusters, Duration minimumChaos) {
        this.sandbox = sandbox;
        this.out = out;
        this.seed = seed;
        this.prs = prs;
        this.clusters = clusters;
        this.minimumChaos = minimumChaos;
    }

    public Result run() {
        out.println("soak: " + prs + " PRs, seed " + seed + " (replay with ./sandbox.sh --soak " + prs + " --seed " + seed + ")");
        sandbox.watch().onEvent(ledger::accept);
        sandbox.watch().onEvent(this::record);
        Random random = new Random(seed);
        Map<PullRequestRef, Fate> fates = new LinkedHashMap<>();
        for (int i = 0; i < prs; i++) {
            fates.put(PullRequestRef.of(REPOSITORIES.get(i % REPOSITORIES.size()), 100 + i),
                    Fate.values()[random.nextInt(Fate.values().length)]);
        }
        // At most one open PR per cluster at the end (more would rightly wait in the queue): the excess,
        // picked at random among those that would stay open, is closed instead.
        List<PullRequestRef> endOpen = new ArrayList<>(fates.keySet().stream().filter(pr -> fates.get(pr) != Fate.CLOSES).toList());
        java.util.Collections.shuffle(endOpen, random);
        endOpen.stream().skip(clusters).forEach(pr -> fates.put(pr, Fate.CLOSES));
        Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
        List<String> problems = new ArrayList<>();
        Map<PullRequestRef, EventEnvelope<PrOpened>> lastOpened = new LinkedHashMap<>();
        try (FaultInjector faults = new FaultInjector(sandbox)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread chaos = new Thread(() -> chaos(faults, new Random(seed * 31 + 7), stop, injected), "soak-chaos");
            chaos.start();
            try {
                drive(fates, random, lastOpened);
                Duration left = minimumChaos.minus(Duration.between(start, Instant.now()));
                if (!left.isNegative()) {
                    log("every PR action done; faults go on for " + left.toSeconds() + " s more");
                    sleep(left);
                }
            } catch (RuntimeException e) {
                problems.add("the driver stopped: " + e);
            } finally {
                stop.set(true);
                join(chaos);
                faults.healAll();
            }
            log("every fault healed; " + injected.values().stream().mapToInt(Integer::intValue).sum()
                    + " injected: " + injected + "; settling (at most " + SETTLE.toMinutes() + " min)");
            boolean settled = Waits.untilTrue(SETTLE, () -> endStateProblems(fates, lastOpened).isEmpty());
            sandbox.watch().awaitCaughtUp(Duration.ofSeconds(60));
            problems.addAll(endStateProblems(fates, lastOpened));
            if (!settled && problems.isEmpty()) {
                problems.add("the end state held only after the settle time");
            }
        }
        long closedOnceReady = fates.entrySet().stream().filter(e -> e.getValue() == Fate.CLOSES)
                .filter(e -> dnsNames.containsKey(lastOpened.get(e.getKey()).subject())).count();
        Result result = new Result(seed, prs, injected, List.copyOf(problems), Duration.between(start, Instant.now()),
                closedOnceReady);
        report(result);
        return result;
    }

    private void drive(Map<PullRequestRef, Fate> fates, Random random, Map<PullRequestRef, EventEnvelope<PrOpened>> lastOpened) {
        GitHubBridgeStandIn github = sandbox.github();
        for (PullRequestRef pr : fates.keySet()) {
            lastOpened.put(pr, deliver("open " + pr, () -> github.open(pr, "feature/soak-" + pr.number())));
            pause(random, 200, 1200);
        }
        List<PullRequestRef> reopenLater = new ArrayList<>();
        for (Map.Entry<PullRequestRef, Fate> entry : fates.entrySet()) {
            PullRequestRef pr = entry.getKey();
            boolean onItsWay = row(lastOpened.get(pr)).map(r -> r.stage() == Stage.ALLOCATED || r.stage() == Stage.INSTALLING)
                    .orElse(false);
            if (entry.getValue() != Fate.STAYS_OPEN && onItsWay && random.nextInt(10) < 7) {
                // Most closes of a PR that has its addresses come once the environment is READY (its kubeconfig,
                // DNS record and comment exist, and must all go); the others while it boots or installs, and a
                // PR still in the queue is closed where it is.
                Waits.untilTrue(READY_WAIT, () -> row(lastOpened.get(pr)).map(r -> r.stage() == Stage.READY).orElse(false));
            }
            switch (entry.getValue()) {
                case STAYS_OPEN -> {
                }
                case CLOSES -> deliver("close " + pr, () -> github.close(pr));
                case REOPENS_WITHIN_GRACE -> {
                    deliver("close " + pr, () -> github.close(pr));
                    lastOpened.put(pr, deliver("reopen " + pr, () -> github.open(pr, "feature/soak-" + pr.number())));
                }
                case REOPENS_AFTER_RELEASE -> {
                    deliver("close " + pr, () -> github.close(pr));
                    reopenLater.add(pr);
                }
            }
            pause(random, 200, 1500);
        }
        for (PullRequestRef pr : reopenLater) {
            String run = lastOpened.get(pr).correlationId();
            if (!Waits.untilTrue(STEP, () -> row(lastOpened.get(pr)).map(SoakScenario::over).orElse(false))) {
                throw new IllegalStateException(pr + " (run " + run + ") was not released within " + STEP.toSeconds() + " s");
            }
            lastOpened.put(pr, deliver("reopen " + pr, () -> github.open(pr, "feature/soak-" + pr.number())));
        }
    }

    /**
     * Sends the webhook again until the bridge takes it (GitHub's "redeliver"): the bridge answers 5xx
     * while the broker refuses its publish, and nothing while it is being restarted.
     */
    private <T> T deliver(String what, Supplier<T> delivery) {
        Instant giveUp = Instant.now().plus(DELIVERY_RETRY);
        while (true) {
            try {
                T result = delivery.get();
                log(what);
                return result;
            } catch (GitHubBridgeStandIn.PullRequestConflict e) {
                throw e;
            } catch (RuntimeException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new IllegalStateException(what + ": the bridge did not take the delivery for "
                            + DELIVERY_RETRY.toSeconds() + " s: " + e, e);
                }
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Faults in rounds: each round every kind once, in an order the seed shuffles, at random intervals. */
    private void chaos(FaultInjector faults, Random random, AtomicBoolean stop, Map<Fault, Integer> injected) {
        List<Fault> round = new ArrayList<>();
        while (!stop.get()) {
            sleep(Duration.ofMillis(2000 + random.nextInt(3000)));
            if (stop.get()) {
                return;
            }
            if (round.isEmpty()) {
                round.addAll(List.of(Fault.values()));
                java.util.Collections.shuffle(round, random);
            }
            Fault fault = round.remove(0);
            Duration duration = Duration.ofSeconds(2 + random.nextInt(6));
            SandboxService victim = KILLABLE.get(random.nextInt(KILLABLE.size()));
            try {
                String done = faults.inject(fault, duration, victim);
                synchronized (injected) {
                    injected.merge(fault, 1, Integer::sum);
                }
                log("fault: " + done);
            } catch (RuntimeException e) {
                log("fault " + fault.wireName() + " could not be injected: " + e);
            }
        }
    }

    private void record(EventEnvelope<LifecycleEvent> envelope) {
        LifecycleEvent event = envelope.data();
        if (event instanceof ClusterReady ready) {
            dnsNames.put(ready.clusterName().value(), ready.dnsName());
        }
        if (ONE_ID_PER_RUN.contains(event.getClass())) {
            effects.computeIfAbsent(envelope.correlationId(), run -> new ConcurrentHashMap<>())
                    .computeIfAbsent(event.getClass().getSimpleName(), type -> ConcurrentHashMap.newKeySet())
                    .add(envelope.id());
        }
    }

    /** Every invariant of the end state; empty when all hold. */
    private List<String> endStateProblems(Map<PullRequestRef, Fate> fates, Map<PullRequestRef, EventEnvelope<PrOpened>> lastOpened) {
        List<String> problems = new ArrayList<>();
        Map<String, String> expectedAllocations = new TreeMap<>();
        for (Map.Entry<PullRequestRef, Fate> entry : fates.entrySet()) {
            EventEnvelope<PrOpened> run = lastOpened.get(entry.getKey());
            String cluster = run.subject();
            Optional<PrRow> row = row(run);
            boolean open = entry.getValue() != Fate.CLOSES;
            if (open) {
                if (row.isEmpty() || row.get().stage() != Stage.READY || row.get().closed()) {
                    problems.add(entry.getKey() + " is open but its run " + run.correlationId() + " is "
                            + row.map(r -> r.stage() + (r.closed() ? " (closed)" : "")).orElse("not on the board"));
                    continue;
                }
                row.get().addresses().forEach(address -> expectedAllocations.put(address.toString(), cluster));
                if (!sandbox.cluster(cluster).map(c -> run.correlationId().equals(c.getMetadata().getAnnotations()
                        .get(CORRELATION_ANNOTATION))).orElse(false)) {
                    problems.add(entry.getKey() + ": no Cluster " + cluster + " owned by its run " + run.correlationId());
                }
            } else {
                if (row.isEmpty() || !over(row.get())) {
                    problems.add(entry.getKey() + " is closed but its run " + run.correlationId() + " is "
                            + row.map(r -> r.stage().toString()).orElse("not on the board"));
                }
                if (sandbox.cluster(cluster).isPresent()) {
                    problems.add(entry.getKey() + " is closed but its Cluster " + cluster + " still exists");
                }
                if (sandbox.namespaceExists(cluster)) {
                    problems.add(entry.getKey() + " is closed but its namespace " + cluster + " still exists");
                }
                if (sandbox.vault().read(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/" + cluster + "/kubeconfig").isPresent()) {
                    problems.add(entry.getKey() + " is closed but its kubeconfig is still in Vault");
                }
                String dnsName = dnsNames.get(cluster);
                if (dnsName != null && sandbox.workloads().zone().records().stream().anyMatch(r -> r.name().equals(dnsName))) {
                    problems.add(entry.getKey() + " is closed but its DNS record " + dnsName + " is still there");
                }
            }
        }
        Map<String, String> allocations = new TreeMap<>();
        sandbox.allocations().forEach((ip, cluster) -> {
            if (!ip.startsWith("_")) {
                allocations.put(ip, String.valueOf(cluster));
            }
        });
        if (!allocations.equals(expectedAllocations)) {
            problems.add("the allocation map " + allocations + " is not the open environments' addresses " + expectedAllocations);
        }
        ledger.conflicts().forEach(conflict -> problems.add("address held by two clusters: " + conflict));
        effects.forEach((run, byType) -> byType.forEach((type, ids) -> {
            if (ids.size() > 1) {
                problems.add("run " + run + " has " + ids.size() + " different " + type + " events " + ids);
            }
        }));
        if (sandbox.watch().invalidRecords() > 0) {
            problems.add(sandbox.watch().invalidRecords() + " invalid records on the lifecycle topic");
        }
        long deadLetters = sandbox.deadLetterCount();
        if (deadLetters > 0) {
            problems.add(deadLetters + " records on dead-letter topics (a fault must cost time, never a refusal)");
        }
        return problems;
    }

    /**
     * A closed PR's run is over: released, or closed while it waited in the queue (it leaves the queue
     * without an event, having never held an address).
     */
    private static boolean over(PrRow row) {
        return row.stage() == Stage.RELEASED || (row.closed() && row.addresses().isEmpty()
                && (row.stage() == Stage.QUEUED || row.stage() == Stage.OPENED));
    }

    private Optional<PrRow> row(EventEnvelope<PrOpened> run) {
        return sandbox.watch().read(board -> board.rows().stream()
                .filter(r -> r.correlationId().equals(run.correlationId())).findFirst());
    }

    private void report(Result result) {
        out.println();
        if (result.ok()) {
            out.println("OK: soak of " + result.prs() + " PRs (seed " + result.seed() + ") in " + result.took().toSeconds()
                    + " s with " + result.injected() + " injected (" + result.closedOnceReady() + " PRs closed once READY):"
                    + " every open PR READY with its own addresses, every closed"
                    + " PR gone without a trace, no address held twice, allocation map = open environments, one event"
                    + " id per effect, no dead letter.");
        } else {
            out.println("FAILED: soak of " + result.prs() + " PRs (seed " + result.seed() + "), replay with ./sandbox.sh --soak "
                    + result.prs() + " --seed " + result.seed() + ":");
            result.problems().forEach(p -> out.println("  - " + p));
        }
    }

    private void log(String line) {
        out.printf("  t+%3ds %s%n", Duration.between(start, Instant.now()).toSeconds(), line);
    }

    private static void pause(Random random, int minMillis, int maxMillis) {
        sleep(Duration.ofMillis(minMillis + random.nextInt(maxMillis - minMillis)));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofMinutes(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
