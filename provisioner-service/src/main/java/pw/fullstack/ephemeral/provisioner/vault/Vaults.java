package pw.fullstack.ephemeral.provisioner.vault;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a quarkus-vault client call, bounded, unwrapping its failure. */
final class Vaults {

    private static final long TIMEOUT_SECONDS = 30;

    private Vaults() {
    }

    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("vault call failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for vault", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("vault did not answer in " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
