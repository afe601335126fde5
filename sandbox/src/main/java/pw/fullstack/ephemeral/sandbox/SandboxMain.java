package pw.fullstack.ephemeral.sandbox;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import pw.fullstack.ephemeral.contracts.naming.NameForm;
import pw.fullstack.ephemeral.sandbox.api.ControlApi;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.infra.SandboxSettings;
import pw.fullstack.ephemeral.sandbox.infra.SimulatedDelays;
import pw.fullstack.ephemeral.sandbox.realistic.RealisticBench;
import pw.fullstack.ephemeral.sandbox.scenario.Benchmark;
import pw.fullstack.ephemeral.sandbox.scenario.BoardPrinter;
import pw.fullstack.ephemeral.sandbox.scenario.DemoScenario;
import pw.fullstack.ephemeral.sandbox.scenario.SoakScenario;
import pw.fullstack.ephemeral.testkit.upstream.UpstreamFiles;

/**
 * {@code ./sandbox.sh [--events] [--keep-running] [--replicas N] [--bench N [--realistic]] [--soak N [--seed S]] [--help]}:
 * starts the system on loopback and plays the demo scenario (exit 0 when its end state is right), or a benchmark (with
 * realistic infrastructure delays: what a user waits for, and its critical path), or a soak
 * with faults (exit 0 when every invariant held), or stays up with the control API.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    /** What {@code --help} prints, and what a wrong command line is answered with (after what was wrong). */
    static final String USAGE = String.join("\n",
            "usage: ./sandbox.sh [--events] [--keep-running] [--replicas N] [--bench N [--realistic]] [--soak N [--seed S]]"
                    + " [--name-form compact|as-given] [--help]",
            "",
            "Starts the whole system on loopback and plays the demo scenario (exit 0 when its end state is right).",
            "The start-up lines print each service's ports and the console's URL (open it in a browser).",
            "",
            "  --events                    also print every lifecycle event as it arrives",
            "  --keep-running              no demo: stay up with a small API to open and close PRs by hand",
            "  --replicas N                N replicas (1-3, default 1) of every service",
            "  --bench N                   N PRs (1-99999) on zero-delay infrastructure; prints the saga's overhead",
            "  --realistic                 with --bench: realistic infrastructure delays; prints PR-open-to-ready and its critical path",
            "  --soak N [--seed S]         N PRs (1-99999) while faults hit; exit 0 when every invariant held",
            "  --name-form compact|as-given  how every service names clusters (default compact)",
            "  --help                      print this and exit");

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (BadUsage e) {
            // a wrong command line is the user's to fix: what was wrong and the usage, no stack trace
            System.err.println("./sandbox.sh: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            System.exit(0);
        }
        PrintStream out = System.out;
        Path root = Path.of(System.getProperty("sandbox.root", ".")).toAbsolutePath().normalize();
        SandboxSettings settings = SandboxSettings.demo(root).withNameForm(options.nameForm());
        if (options.keepRunning()) {
            settings = settings.withReaper(Duration.ofSeconds(5), settings.orphanSettleTime());
        }
        if (options.soak() > 0) {
            // Enough pool for most PRs at once (some queue); grace long enough for a reopen to land in it.
            settings = settings.withPool("192.168.1.140-192.168.1.159", 2)
                    .withReaper(Duration.ofSeconds(5), settings.orphanSettleTime())
                    // Its end state wants every PR left open to have an environment, however many share a repository.
                    .withoutAllocatorLimits();
        }
        if (options.bench() > 0) {
            // Two addresses per cluster, as the template needs (control-plane VIP + node).
            settings = settings.withPool("10.77.0.1-10.77.15.254", 2)
                    .withTimings(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5))
                    .withInstallDelay(Duration.ZERO)
                    // It measures the saga on a large pool filled from three repositories, not the limits.
                    .withoutAllocatorLimits();
        }
        if (options.realistic()) {
            // The seed's provisioning timeout (15 min) for a boot that takes minutes.
            settings = settings.withDelays(SimulatedDelays.realistic())
                    .withTimings(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(15));
        }
        // The mock API servers validate against upstream CRDs: say what is missing before anything starts.
        List<String> missing = UpstreamFiles.configured().problems();
        if (!missing.isEmpty()) {
            System.err.println("The sandbox needs the upstream files pinned in upstream.lock, read from "
                    + UpstreamFiles.configured().directory() + ":");
            missing.forEach(problem -> System.err.println("  " + problem));
            System.err.println("Fix: ./fetch-upstream.sh downloads them there; or set EPHEMERAL_UPSTREAM_DIR to a directory that has them.");
            System.exit(2);
        }
        Files.createDirectories(settings.workDirectory());
        boolean ok;
        try (Sandbox sandbox = Sandbox.start(settings, EnumSet.allOf(SandboxService.class), out);
             BoardPrinter printer = new BoardPrinter(sandbox.watch(), out, options.events(),
                     pr -> sandbox.commentFile(pr).map(file -> root.relativize(file).toString()))) {
            for (int replica = 2; replica <= options.replicas(); replica++) {
                sandbox.startReplicaOfEach(out);
            }
            if (options.bench() > 0) {
                ok = options.realistic() ? new RealisticBench(sandbox, out).run(options.bench())
                        : new Benchmark(sandbox, out).run(options.bench());
            } else if (options.soak() > 0) {
                // 20 addresses, 2 per cluster: 10 clusters.
                ok = new SoakScenario(sandbox, out, options.seed(), options.soak(), 10, Duration.ofSeconds(90)).run().ok();
            } else {
                printer.start();
                ok = options.keepRunning() || new DemoScenario(sandbox, out).run();
                printer.printIfChanged();
            }
            if (options.keepRunning()) {
                keepRunning(sandbox, out);
            }
        }
        System.exit(ok ? 0 : 1);
    }

    private static void keepRunning(Sandbox sandbox, PrintStream out) throws Exception {
        try (ControlApi api = new ControlApi(sandbox, 0)) {
            out.println("\nThe sandbox keeps running; Ctrl-C stops everything. Try:");
            api.curlExamples().forEach(line -> out.println("  " + line));
            sandbox.consoleUrl().ifPresent(url -> out.println("and watch the PRs move through the console: " + url));
            out.println("and watch the PR's comment, as GitHub shows it, change with each step:");
            out.println("  watch -n1 cat sandbox-work/github/fullstack-pw/demo-apps/101.md");
            new CountDownLatch(1).await();
        }
    }

    /** A command line that cannot be run; the message says what was wrong, in one line. */
    static final class BadUsage extends RuntimeException {

        BadUsage(String problem) {
            super(problem, null, false, false);
        }
    }

    record Options(boolean events, boolean keepRunning, int bench, int soak, long seed, NameForm nameForm, int replicas,
                   boolean help, boolean realistic) {

        static Options parse(String[] args) {
            boolean events = false;
            boolean keep = false;
            int bench = 0;
            int soak = 0;
            long seed = System.nanoTime() & 0xffffffL;
            NameForm nameForm = NameForm.COMPACT;
            int replicas = 1;
            boolean help = false;
            boolean realistic = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> help = true;
                    case "--events" -> events = true;
                    case "--keep-running" -> keep = true;
                    case "--bench" -> bench = count(args, ++i, "--bench");
                    case "--soak" -> soak = count(args, ++i, "--soak");
                    case "--realistic" -> realistic = true;
                    case "--replicas" -> {
                        if (i + 1 >= args.length || !args[i + 1].matches("[1-3]")) {
                            throw usage("--replicas needs 1, 2 or 3");
                        }
                        replicas = Integer.parseInt(args[++i]);
                    }
                    case "--seed" -> {
                        if (i + 1 >= args.length || !args[i + 1].matches("\\d{1,18}")) {
                            throw usage("--seed needs a number");
                        }
                        seed = Long.parseLong(args[++i]);
                    }
                    case "--name-form" -> {
                        String form = i + 1 < args.length ? args[++i] : "";
                        nameForm = switch (form) {
                            case "compact" -> NameForm.COMPACT;
                            case "as-given" -> NameForm.AS_GIVEN;
                            default -> throw usage("--name-form needs compact or as-given");
                        };
                    }
                    default -> throw usage("unknown option " + args[i]);
                }
            }
            if (realistic && bench == 0) {
                throw usage("--realistic goes with --bench N");
            }
            return new Options(events, keep, bench, soak, seed, nameForm, replicas, help, realistic);
        }

        private static int count(String[] args, int i, String option) {
            if (i >= args.length || !args[i].matches("\\d{1,5}") || Integer.parseInt(args[i]) < 1) {
                throw usage(option + " needs a number of PRs, 1-99999");
            }
            return Integer.parseInt(args[i]);
        }

        private static BadUsage usage(String problem) {
            return new BadUsage(problem);
        }
    }
}
