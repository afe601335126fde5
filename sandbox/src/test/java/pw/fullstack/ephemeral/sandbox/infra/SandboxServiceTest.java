package pw.fullstack.ephemeral.sandbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.naming.NameForm;

class SandboxServiceTest {

    private static final SandboxService.Parts PARTS = new SandboxService.Parts("127.0.0.1:9092", "http://127.0.0.1:8200",
            Path.of("vault-tokens"), "https://127.0.0.1:6443", "http://127.0.0.1:8080", 1L, "127.0.0.1", 5353);

    /** Services that named clusters differently would refuse each other's events: each gets the sandbox's form. */
    @Test
    void everyServiceStartsWithTheSameNameFormUnderItsOwnPrefix() {
        SandboxSettings seedStyle = SandboxSettings.demo(Path.of(".")).withNameForm(NameForm.AS_GIVEN);

        Map<SandboxService, String> prefixes = Map.of(SandboxService.ALLOCATOR, "allocator", SandboxService.PROVISIONER,
                "provisioner", SandboxService.INSTALLER, "installer", SandboxService.REAPER, "reaper",
                SandboxService.NOTIFIER, "notifier", SandboxService.BRIDGE, "bridge");
        assertThat(prefixes.keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(SandboxService.values()).filter(SandboxService::namesClusters).toList());
        prefixes.forEach((service, prefix) -> assertThat(service.settings(seedStyle, PARTS))
                .as(service.module()).containsEntry(prefix + ".name-form", "as-given"));
    }

    /**
     * Vault as in production: no client token, so quarkus-vault logs in with Kubernetes auth as the role the
     * service's %prod profile names, with the ServiceAccount token the sandbox wrote for it.
     */
    @Test
    void everyServiceLogsInToVaultWithItsOwnServiceAccountTokenAndNoClientToken() {
        SandboxSettings demo = SandboxSettings.demo(Path.of("."));

        for (SandboxService service : SandboxService.values()) {
            if (!service.usesVault()) {
                continue;
            }
            assertThat(service.settings(demo, PARTS)).as(service.module())
                    .doesNotContainKey("quarkus.vault.authentication.client-token")
                    // the role %prod names (the sandbox runs profile sandbox, so it names the same role itself)
                    .containsEntry("quarkus.vault.authentication.kubernetes.role", prodVaultRole(service))
                    .containsEntry("quarkus.vault.authentication.kubernetes.jwt-token-path",
                            Path.of("vault-tokens", service.serviceAccount(), "token").toString())
                    .containsEntry("quarkus.vault.url", "http://127.0.0.1:8200");
        }
        assertThat(SandboxService.BRIDGE.serviceAccount()).isEqualTo("github-bridge");
    }

    private static String prodVaultRole(SandboxService service) {
        java.util.Properties properties = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(
                Path.of("..", service.module(), "src", "main", "resources", "application.properties"))) {
            properties.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties.getProperty("%prod.quarkus.vault.authentication.kubernetes.role", "(none in %prod)");
    }

    /** The console names no cluster and holds no secret: it is given neither a name form nor a way into Vault. */
    @Test
    void theConsoleGetsTheBrokerAndNeitherANameFormNorVault() {
        Map<String, String> console = SandboxService.CONSOLE.settings(SandboxSettings.demo(Path.of(".")), PARTS);

        assertThat(console).containsEntry("kafka.bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("quarkus.profile", "sandbox");
        assertThat(console.keySet()).noneMatch(key -> key.startsWith("quarkus.vault.") || key.endsWith(".name-form"));
        assertThat(SandboxService.CONSOLE.consumesLifecycle()).as("no consumer group, no dead-letter topic").isFalse();
    }

    @Test
    void theDemoUsesTheDefaultForm() {
        SandboxSettings demo = SandboxSettings.demo(Path.of("."));

        assertThat(SandboxService.NOTIFIER.settings(demo, PARTS)).containsEntry("notifier.name-form", "compact");
    }
}
