package pw.fullstack.ephemeral.sandbox.e2e;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.function.UnaryOperator;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.infra.SandboxSettings;

/** Starts a sandbox for one test class, with its logs under {@code sandbox/target/e2e-<name>}. */
final class TestSandboxes {

    private TestSandboxes() {
    }

    static Sandbox start(String name, UnaryOperator<SandboxSettings> tuning) {
        Path root = Path.of(System.getProperty("sandbox.root", "..")).toAbsolutePath().normalize();
        SandboxSettings settings = tuning.apply(SandboxSettings.demo(root))
                .withWorkDirectory(root.resolve("sandbox/target/e2e-" + name));
        return Sandbox.start(settings, EnumSet.allOf(SandboxService.class), System.out);
    }
}
