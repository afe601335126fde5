package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.infra.SandboxSettings;
import pw.fullstack.ephemeral.sandbox.scenario.DemoScenario;

/** The scenario {@code ./sandbox.sh} plays by default reaches the end state it promises. */
class DemoScenarioIT {

    @Test
    void theReadmeDemoEndsWithAnEmptyPoolAndNoClusterLeft() {
        Path root = Path.of(System.getProperty("sandbox.root", "..")).toAbsolutePath().normalize();
        SandboxSettings settings = SandboxSettings.demo(root).withWorkDirectory(root.resolve("sandbox/target/e2e-demo"));
        try (Sandbox sandbox = Sandbox.start(settings, EnumSet.allOf(SandboxService.class), System.out)) {
            assertThat(new DemoScenario(sandbox, System.out).run()).isTrue();
        }
    }
}
