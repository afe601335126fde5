package pw.fullstack.ephemeral.kv;

/**
 * Vault did not answer as it should: unreachable, sealed, 5xx, permission denied, a 4xx other than a
 * check-and-set mismatch, no answer within the timeout, or the wait interrupted. Transient by
 * assumption: the caller retries later, without limit, and never treats it as a verdict on its input.
 */
public class VaultUnavailableException extends RuntimeException {

    public VaultUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
