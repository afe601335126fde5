package pw.fullstack.ephemeral.installer.vault;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;

/**
 * Reads one field of a KV v2 secret. The value goes to the caller and nowhere else: not into a log
 * line, an exception message or an event. Failures name the reference only.
 */
@ApplicationScoped
public class VaultSecrets {

    private static final long TIMEOUT_SECONDS = 30;

    @Inject
    VaultClient vault;

    /** A secret that is not there (or has no such field): a configuration problem, not a transient one. */
    public static class MissingSecretException extends RuntimeException {
        public MissingSecretException(String message) {
            super(message);
        }
    }

    public String read(VaultSecretRef ref) {
        VaultSecretsKV2ReadSecretData data;
        try {
            data = vault.secrets().kv2(ref.mount()).readSecret(ref.path()).toCompletableFuture()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof VaultClientException vce && vce.getStatus() != null && vce.getStatus() == 404) {
                throw new MissingSecretException("no secret at " + ref.mount() + "/" + ref.path() + " in Vault");
            }
            throw new IllegalStateException("reading " + ref + " from Vault failed: "
                    + (cause == null ? e.getClass().getSimpleName() : cause.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading " + ref + " from Vault");
        } catch (TimeoutException e) {
            throw new IllegalStateException("Vault did not answer in " + TIMEOUT_SECONDS + " s reading " + ref);
        }
        Object value = data.getData() == null ? null : data.getData().get(ref.field());
        if (!(value instanceof String text) || text.isEmpty()) {
            throw new MissingSecretException("the secret at " + ref.mount() + "/" + ref.path() + " has no field " + ref.field());
        }
        return text;
    }
}
