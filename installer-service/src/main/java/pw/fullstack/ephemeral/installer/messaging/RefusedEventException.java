package pw.fullstack.ephemeral.installer.messaging;

/**
 * An event this service will not act on, for a reason retrying cannot change (a cluster name that is
 * not the PR's, a kubeconfig reference that is not where the provisioner keeps it). The record goes to
 * the dead-letter topic with this message; nothing was touched.
 */
public class RefusedEventException extends RuntimeException {

    public RefusedEventException(String reason) {
        super(reason);
    }
}
