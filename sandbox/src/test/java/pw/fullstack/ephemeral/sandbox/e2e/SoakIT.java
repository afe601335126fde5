package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.sandbox.faults.FaultInjector.Fault;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.scenario.SoakScenario;

/**
 * The short, fixed-seed variant of the soak (issue 17): PRs opened, closed and reopened while Vault,
 * the tools API, namespaces, the broker and the services misbehave at random moments; every fault
 * costs time, never an address, a cluster or a refused event. The long one is {@code ./sandbox.sh
 * --soak 200}; a failure here prints the seed and the command to replay it.
 */
class SoakIT {

    private static final long SEED = 20261206L;
    private static final int PRS = 8;
    private static final int CLUSTERS = 5;

    private static Sandbox sandbox;

    @BeforeAll
    static void startTheSystem() {
        // Five clusters for eight PRs: some wait in the queue while faults hit the ones that run.
        sandbox = TestSandboxes.start("soak", settings -> settings.withPool("192.168.1.140-192.168.1.149", 2)
                .withReaper(Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopTheSystem() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void nothingLeaksWhileFaultsAreInjectedAtRandomAndEverythingSettlesOnceTheyAreHealed() {
        SoakScenario.Result result = new SoakScenario(sandbox, System.out, SEED, PRS, CLUSTERS, Duration.ofSeconds(60)).run();

        assertThat(result.problems()).as("invariants after the soak of seed %s", SEED).isEmpty();
        assertThat(result.injected().values().stream().mapToInt(Integer::intValue).sum())
                .as("faults were injected at all").isGreaterThanOrEqualTo(5);
        assertThat(result.injected().keySet()).as("every kind of fault, once at least").containsAll(List.of(Fault.values()));
        assertThat(result.closedOnceReady()).as("closed PRs whose kubeconfig, DNS record and comment had to go")
                .isGreaterThanOrEqualTo(1);
    }
}
