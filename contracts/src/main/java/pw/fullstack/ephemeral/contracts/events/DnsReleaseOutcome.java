package pw.fullstack.ephemeral.contracts.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** How the installer's release of a cluster's DNS record ended; travels on {@link DnsReleased}. */
public enum DnsReleaseOutcome {
    /** The DNSEndpoint was deleted and the name no longer resolves to the cluster's address. */
    REMOVED("removed"),
    /** The installer never published a record for this cluster (no DNSEndpoint of its own, no install of the run). */
    NOT_INSTALLED("not-installed"),
    /** The DNSEndpoint was deleted, but the name still resolved to the cluster when the bounded wait ended. */
    TIMED_OUT("timed-out"),
    /** The workload cluster (or its kubeconfig) could not be reached, so nothing could be deleted. */
    UNREACHABLE("unreachable");

    private final String wireName;

    DnsReleaseOutcome(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
