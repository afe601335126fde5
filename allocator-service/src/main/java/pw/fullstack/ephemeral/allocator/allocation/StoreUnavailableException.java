package pw.fullstack.ephemeral.allocator.allocation;

/**
 * The state store could not be read or written (unreachable, sealed, 5xx, permission, or CAS
 * contention that did not settle before the deadline). Transient by assumption: the event is
 * retried, never dead-lettered.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
