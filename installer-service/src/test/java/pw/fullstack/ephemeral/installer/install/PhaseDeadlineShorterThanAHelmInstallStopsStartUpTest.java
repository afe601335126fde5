package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The old 3-minute Phase 1 would give up before helm-controller: the service does not start with it. */
class PhaseDeadlineShorterThanAHelmInstallStopsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = InvalidSettingsStopStartUp.withSetting("installer.phase1-timeout", "3M",
            message -> assertThat(message).startsWith("installer.phase1-timeout (3 minutes) is shorter than one helm install")
                    .contains("4 attempts of 5m0s"));

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on start-up, in assertException above; reaching here means it failed to fail
        throw new AssertionError("the application should not have started");
    }
}
