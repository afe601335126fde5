package pw.fullstack.ephemeral.testkit.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an operator's Vault setup script (deploy/vault/setup.sh) against the emulator, as root, with a stand-in
 * for the {@code vault} CLI first on the {@code PATH} ({@code vault-cli.sh}: bash, curl and jq sending the requests
 * the real CLI sends for the commands the script uses). What the script writes goes through the emulator's HTTP
 * API, so its policies, roles and settings are the ones a real Vault would hold.
 */
public final class VaultSetupScript {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private VaultSetupScript() {
    }

    /**
     * @param environment the script's settings (e.g. {@code KUBERNETES_HOST})
     * @param workDirectory where the stand-in CLI is put (its {@code bin/vault})
     * @return what the script printed
     * @throws IllegalStateException when it exits non-zero or takes longer than two minutes, with its output
     */
    public static String run(Path script, VaultEmulator vault, Map<String, String> environment, Path workDirectory) {
        try {
            Path bin = Files.createDirectories(workDirectory.resolve("bin"));
            Path cli = bin.resolve("vault");
            try (InputStream shim = VaultSetupScript.class.getResourceAsStream("vault-cli.sh")) {
                Files.copy(shim, cli, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path log = workDirectory.resolve("vault-setup.log");
            ProcessBuilder builder = new ProcessBuilder("bash", script.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("PATH", bin.toAbsolutePath() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment().put("VAULT_ADDR", vault.url());
            builder.environment().put("VAULT_TOKEN", vault.token());
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + TIMEOUT + ":\n" + Files.readString(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " exited " + process.exitValue() + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }
}
