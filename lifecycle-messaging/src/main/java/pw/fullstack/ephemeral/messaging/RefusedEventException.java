package pw.fullstack.ephemeral.messaging;

/**
 * An event a service will not act on, for a reason retrying cannot change (a cluster name that is
 * not the PR's, a namespace this system did not create, a kubeconfig reference that is not where the
 * provisioner keeps it). {@link WorkerLifecycleHandling} sends the record to the dead-letter topic
 * with this message, without retries; the handler publishes whatever compensation the refusal needs
 * before it throws.
 */
public class RefusedEventException extends RuntimeException {

    public RefusedEventException(String reason) {
        super(reason);
    }
}
