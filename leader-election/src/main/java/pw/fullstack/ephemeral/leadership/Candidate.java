package pw.fullstack.ephemeral.leadership;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One replica standing for the lease of its service: which Lease, who it is, and the timings.
 *
 * @param identity the pod's name ({@code HOSTNAME}, which Kubernetes sets to it), else a random id
 */
public record Candidate(String service, String namespace, String leaseName, String identity, Duration leaseDuration,
                        Duration renewDeadline, Duration retryPeriod) {

    public Candidate {
        if (!(renewDeadline.compareTo(leaseDuration) < 0)) {
            throw new IllegalArgumentException(service + ".leader-election.renew-deadline (" + renewDeadline
                    + ") must be shorter than lease-duration (" + leaseDuration + "): a leader that cannot renew must stop"
                    + " acting before another replica may take the lease");
        }
        if (!(retryPeriod.compareTo(renewDeadline) < 0) || retryPeriod.isZero() || retryPeriod.isNegative()) {
            throw new IllegalArgumentException(service + ".leader-election.retry-period (" + retryPeriod
                    + ") must be positive and shorter than renew-deadline (" + renewDeadline + ")");
        }
    }

    /** The settings' defaults filled in: lease {@code <service>-leader} in the client's namespace. */
    public static Candidate of(String service, LeaderElectionSettings settings, String clientNamespace,
                               Map<String, String> environment) {
        String namespace = settings.namespace().filter(n -> !n.isBlank()).orElse(clientNamespace);
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException(service + ".leader-election.namespace is not set and the Kubernetes client"
                    + " names no namespace (quarkus.kubernetes-client.namespace, or the pod's service account)");
        }
        return new Candidate(service, namespace, settings.leaseName().filter(n -> !n.isBlank()).orElse(service + "-leader"),
                identity(environment), settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod());
    }

    static String identity(Map<String, String> environment) {
        return Optional.ofNullable(environment.get("HOSTNAME")).filter(h -> !h.isBlank())
                .orElseGet(() -> "replica-" + UUID.randomUUID());
    }

    public String lease() {
        return namespace + "/" + leaseName;
    }
}
