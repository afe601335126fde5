package pw.fullstack.ephemeral.testkit.vault;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.http.jdk.JDKVaultHttpClient;

/** quarkus-vault's low-level client built without a Quarkus application, as the services' tests talk to Vault. */
final class StandaloneVaultClient {

    private StandaloneVaultClient() {
    }

    static VaultClient connectedTo(VaultEmulator vault) {
        return withToken(vault, vault.token());
    }

    static VaultClient withToken(VaultEmulator vault, String token) {
        return VaultClient.builder()
                .baseUrl(vault.url())
                .executor(new JDKVaultHttpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()))
                .clientToken(token)
                .requestTimeout(Duration.ofSeconds(10))
                .maxRetries(0)
                .build();
    }

    static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    /** The client's failures arrive wrapped in a CompletionException. */
    static VaultClientException failureOf(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof VaultClientException vaultFailure) {
                return vaultFailure;
            }
            throw e;
        }
        throw new AssertionError("expected the Vault call to fail, but it succeeded");
    }
}
