package pw.fullstack.ephemeral.provisioner.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * An SSH authorized key that is not one OpenSSH public key line stops the provisioner before it renders
 * anything: the value would end on every node. Each bad entry is named by its index, the good one passes.
 */
class InvalidSshKeysStopStartUpTest {

    private static final String GOOD = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGqOwhrGtaBU/3TJnF3m9uK2P+AF4TGSirxIPDRv6kvn ops@example";

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(ProvisionerConfig.class, TemplateSettings.class,
                    InvalidTemplateSettingsException.class))
            // Only the settings are under test: the leader-election library's beans stay out of this small application.
            .overrideConfigKey("quarkus.arc.exclude-types", "pw.fullstack.ephemeral.leadership.**")
            // Indexed entries: a comment may hold a comma, which the comma-separated form would split on.
            .overrideConfigKey("provisioner.template.ssh-authorized-keys[0]", GOOD)
            .overrideConfigKey("provisioner.template.ssh-authorized-keys[1]", GOOD + "\nssh-ed25519 AAAA attacker")
            .overrideConfigKey("provisioner.template.ssh-authorized-keys[2]", "command=\"reboot\" " + GOOD)
            .overrideConfigKey("quarkus.devservices.enabled", "false")
            .overrideConfigKey("quarkus.kafka.devservices.enabled", "false")
            .overrideConfigKey("quarkus.vault.devservices.enabled", "false")
            .overrideConfigKey("quarkus.kubernetes-client.devservices.enabled", "false")
            .assertException(failure -> {
                Throwable cause = failure;
                // by name: the application's classes come from Quarkus's class loader, not the test's
                while (cause != null && !cause.getClass().getName().equals(InvalidTemplateSettingsException.class.getName())) {
                    cause = cause.getCause();
                }
                assertThat(cause).as(() -> "start-up failed otherwise: " + failure).isNotNull();
                assertThat(cause.getMessage())
                        .startsWith("provisioner.template.ssh-authorized-keys[1]: SSH authorized key ")
                        .contains("contains a line break", "; provisioner.template.ssh-authorized-keys[2]: ",
                                "key type \"command=\\u0022reboot\\u0022\" is not one of ssh-ed25519")
                        .doesNotContain("ssh-authorized-keys[0]").doesNotContain("\n");
            });

    @Test
    void badKeysStopStartUpWithAMessageNamingEachEntry() {
        // the assertion is on start-up, in assertException above; reaching here means it failed to fail
        throw new AssertionError("the application should not have started");
    }
}
