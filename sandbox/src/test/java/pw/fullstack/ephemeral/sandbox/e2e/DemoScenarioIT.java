package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.scenario.DemoScenario;

/** The scenario {@code ./sandbox.sh} plays by default reaches the end state it promises. */
class DemoScenarioIT {

    @Test
    void theReadmeDemoEndsWithAnEmptyPoolAndNoClusterLeft() {
        try (Sandbox sandbox = TestSandboxes.start("demo", settings -> settings)) {
            assertThat(new DemoScenario(sandbox, System.out).run()).isTrue();
        }
    }
}
