package pw.fullstack.ephemeral.contracts.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every lifecycle event type and its CloudEvents {@code type} attribute,
 * {@code pw.fullstack.ephemeral.<EventName>} (the names PrOpened ... ClusterExpired are the
 * user's; the failure and compensation events are ours).
 */
public enum EventType {
    PR_OPENED(PrOpened.class),
    PR_CLOSED(PrClosed.class),
    PR_UPDATED(PrUpdated.class),
    IP_ALLOCATED(IpAllocated.class),
    ALLOCATION_QUEUED(AllocationQueued.class),
    ALLOCATION_REFUSED(AllocationRefused.class),
    IP_RELEASED(IpReleased.class),
    CLUSTER_READY(ClusterReady.class),
    PROVISIONING_FAILED(ProvisioningFailed.class),
    PHASES_INSTALLED(PhasesInstalled.class),
    INSTALL_FAILED(InstallFailed.class),
    CLUSTER_EXPIRED(ClusterExpired.class),
    CLUSTER_DESTROYED(ClusterDestroyed.class),
    DNS_RELEASED(DnsReleased.class);

    public static final String PREFIX = "pw.fullstack.ephemeral.";

    private final Class<? extends LifecycleEvent> eventClass;

    EventType(Class<? extends LifecycleEvent> eventClass) {
        this.eventClass = eventClass;
    }

    public Class<? extends LifecycleEvent> eventClass() {
        return eventClass;
    }

    /** The user-facing name, e.g. {@code PrOpened}. */
    public String eventName() {
        return eventClass.getSimpleName();
    }

    /** The CloudEvents {@code type} attribute (and {@code ce_type} Kafka header). */
    public String cloudEventType() {
        return PREFIX + eventName();
    }

    public static Optional<EventType> fromCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType().equals(type)).findFirst();
    }

    public static EventType of(Class<? extends LifecycleEvent> eventClass) {
        return Arrays.stream(values()).filter(t -> t.eventClass == eventClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a lifecycle event: " + eventClass));
    }
}
