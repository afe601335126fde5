package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The failures-by-step series exist before the first failure, so dashboards and increase() see it. */
class InstallerMetricsTest {

    private static final Pattern FAIL_CALL = Pattern.compile("fail\\(installation, \"[a-z0-9-]+\", \"([a-z0-9-]+)\"");

    @Test
    void everyFailureStepTheInstallerNamesHasASeriesAtZeroFromTheStart() throws IOException {
        InstallerMetrics metrics = new InstallerMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.register();

        List<String> named = FAIL_CALL.matcher(Files.readString(Path.of("src/main/java/pw/fullstack/ephemeral/installer/install/Installer.java")))
                .results().map(m -> m.group(1)).distinct().toList();
        assertThat(named).isNotEmpty();
        for (String step : named) {
            assertThat(metrics.registry.get("installer.failures").tag("step", step).counter().count()).as(step).isZero();
        }

        metrics.failed("apply");
        assertThat(metrics.registry.get("installer.failures").tag("step", "apply").counter().count()).isEqualTo(1);
    }
}
