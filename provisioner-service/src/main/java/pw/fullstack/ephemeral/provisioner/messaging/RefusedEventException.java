package pw.fullstack.ephemeral.provisioner.messaging;

/**
 * An event this service will not act on, for a reason retrying cannot change (a cluster name that is
 * not the PR's, a namespace this system did not create). The record goes to the dead-letter topic with
 * this message; whatever compensation the refusal needs was published before.
 */
public class RefusedEventException extends RuntimeException {

    public RefusedEventException(String reason) {
        super(reason);
    }
}
