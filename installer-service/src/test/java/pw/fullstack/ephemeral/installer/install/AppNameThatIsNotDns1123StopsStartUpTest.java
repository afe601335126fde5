package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Phase 2 name the API server would refuse stops the service at start, not at the first PR's cluster. */
class AppNameThatIsNotDns1123StopsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = InvalidSettingsStopStartUp.withSetting("installer.phase2.app-secret", "Cluster_Secrets",
            message -> assertThat(message).contains("APP_SECRET_NAME").contains("Cluster_Secrets").contains("DNS-1123"));

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on start-up, in assertException above; reaching here means it failed to fail
        throw new AssertionError("the application should not have started");
    }
}
