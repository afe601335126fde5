package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The certificate's copy under a name no Secret can have stops the service at start, not at the first PR's cluster. */
class TlsCopyNameNoSecretCanHaveStopsStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = InvalidSettingsStopStartUp.withSetting("installer.tls.secret-name", "Environment_TLS",
            message -> assertThat(message).contains("installer.tls.secret-name").contains("Environment_TLS").contains("DNS-1123"));

    @Test
    void theApplicationDoesNotStart() {
        // the assertion is on start-up, in assertException above; reaching here means it failed to fail
        throw new AssertionError("the application should not have started");
    }
}
