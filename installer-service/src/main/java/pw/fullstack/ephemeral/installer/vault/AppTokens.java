package pw.fullstack.ephemeral.installer.vault;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.auth.token.VaultAuthTokenCreateAuthResult;
import io.quarkus.vault.client.api.auth.token.VaultAuthTokenCreateTokenParams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Vault token each PR cluster gets for its external-secrets: minted through a token role the
 * deploy configures (never the installer's own token, which reads no app secret), with the one
 * policy of the PR's repository and a TTL no longer than a cluster lives; revoked by accessor at
 * teardown. The token goes to the caller and nowhere else; failures name the role, never a token.
 */
@ApplicationScoped
public class AppTokens {

    private static final long TIMEOUT_SECONDS = 30;
    /** Vault's answer to an accessor it does not know: already revoked or expired, which is what was wanted. */
    private static final String INVALID_ACCESSOR = "invalid accessor";

    @Inject
    VaultClient vault;

    /** A minted token: the secret for the cluster, the accessor to revoke it by (not a secret). */
    public record Minted(String token, String accessor) {
        @Override
        public String toString() {
            return "Minted[accessor=" + accessor + "]";
        }
    }

    /** Vault refused for a reason that will not pass by waiting (a role or policy the deploy did not set up). */
    public static class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    public Minted mint(String role, String policy, Duration ttl, Map<String, String> meta, String displayName) {
        VaultAuthTokenCreateTokenParams params = new VaultAuthTokenCreateTokenParams()
                .setPolicies(List.of(policy)).setTtl(ttl).setExplicitMaxTtl(ttl).setMeta(meta).setDisplayName(displayName)
                .setRenewable(false);
        VaultAuthTokenCreateAuthResult created = await(vault.auth().token().create(role, params), "minting a token through role " + role);
        return new Minted(created.getClientToken(), created.getAccessor());
    }

    /** Revokes the token behind {@code accessor}; one already gone counts as revoked. */
    public void revoke(String accessor) {
        try {
            await(vault.auth().token().revokeAccessor(accessor), "revoking the token with accessor " + accessor);
        } catch (RefusedException e) {
            if (!e.getMessage().contains(INVALID_ACCESSOR)) {
                throw e;
            }
        }
    }

    private static <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof VaultClientException vce && vce.getStatus() != null && vce.getStatus() >= 400
                    && vce.getStatus() < 500 && vce.getStatus() != 429) {
                throw new RefusedException(what + ": Vault answered " + vce.getStatus() + " " + vce.getErrors());
            }
            throw new IllegalStateException(what + " failed: "
                    + (cause == null ? e.getClass().getSimpleName() : cause.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted " + what);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Vault did not answer in " + TIMEOUT_SECONDS + " s " + what);
        }
    }
}
