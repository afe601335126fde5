package pw.fullstack.ephemeral.reaper.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pw.fullstack.ephemeral.reaper.ReaperConfig;

/** A zero or negative duration stops the application before it consumes or decides anything. */
class InvalidSettingsStopStartUpTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ReaperConfig.class, PolicyProducer.class, ExpiryPolicy.class,
                    InvalidReaperSettingsException.class))
            .overrideConfigKey("reaper.grace-period", "0s")
            .overrideConfigKey("reaper.max-lifetime", "-1h")
            .overrideConfigKey("quarkus.devservices.enabled", "false")
            .overrideConfigKey("quarkus.kafka.devservices.enabled", "false")
            .overrideConfigKey("quarkus.vault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.kubernetes-client.devservices.enabled", "false")
            .assertException(failure -> {
                Throwable cause = failure;
                // by name: the application's classes come from Quarkus's class loader, not the test's
                while (cause != null && !cause.getClass().getName().equals(InvalidReaperSettingsException.class.getName())) {
                    cause = cause.getCause();
                }
                assertThat(cause).as(() -> "start-up failed otherwise: " + failure).isNotNull()
                        .hasMessage("reaper.grace-period must be a positive duration, was PT0S; "
                                + "reaper.max-lifetime must be a positive duration, was PT-1H");
            });

    @Test
    void zeroAndNegativeDurationsStopStartUpWithAMessageNamingEachSetting() {
        // the assertion is on start-up, in assertException above; reaching here means it failed to fail
        throw new AssertionError("the application should not have started");
    }
}
