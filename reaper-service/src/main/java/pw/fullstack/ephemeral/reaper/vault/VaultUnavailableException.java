package pw.fullstack.ephemeral.reaper.vault;

/** Vault did not answer as it should (down, sealed, 5xx, timeout, permission): the caller retries later. */
public class VaultUnavailableException extends RuntimeException {

    public VaultUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
