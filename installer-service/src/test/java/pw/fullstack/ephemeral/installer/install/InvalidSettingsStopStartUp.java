package pw.fullstack.ephemeral.installer.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import java.util.function.Consumer;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.InvalidInstallerSettingsException;

/** The application of the start-up checks alone ({@link CheckedSettings}), with one setting overridden. */
final class InvalidSettingsStopStartUp {

    private InvalidSettingsStopStartUp() {
    }

    static QuarkusUnitTest withSetting(String key, String value, Consumer<String> message) {
        return new QuarkusUnitTest()
                .withApplicationRoot(jar -> jar.addClasses(InstallerConfig.class, CheckedSettings.class, Phase1Deadlines.class,
                        InstallPlan.class, Installation.class, InstallStep.class, InstallAnnotations.class, Phase1Progress.class,
                        DnsAnswer.class, InvalidInstallerSettingsException.class))
                // Only the settings are under test: the leader-election library's beans stay out of this small application.
                .overrideConfigKey("quarkus.arc.exclude-types", "pw.fullstack.ephemeral.leadership.**")
                .overrideConfigKey(key, value)
                .overrideConfigKey("quarkus.devservices.enabled", "false")
                .overrideConfigKey("quarkus.kafka.devservices.enabled", "false")
                .overrideConfigKey("quarkus.vault.devservices.enabled", "false")
                .overrideConfigKey("quarkus.kubernetes-client.devservices.enabled", "false")
                .assertException(failure -> {
                    Throwable cause = failure;
                    // by name: the application's classes come from Quarkus's class loader, not the test's
                    while (cause != null && !cause.getClass().getName().equals(InvalidInstallerSettingsException.class.getName())) {
                        cause = cause.getCause();
                    }
                    assertThat(cause).as(() -> "start-up failed otherwise: " + failure).isNotNull();
                    message.accept(cause.getMessage());
                });
    }
}
