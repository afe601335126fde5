package pw.fullstack.ephemeral.contracts.events;

import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The data of one event of a PR's cluster lifecycle. Every event names its pull request (so the
 * notifier can report without state) and its cluster (the Kafka record key and CloudEvents
 * subject). Envelope attributes (id, time, correlation) live in
 * {@link pw.fullstack.ephemeral.contracts.envelope.EventEnvelope}, not here.
 */
public sealed interface LifecycleEvent
        permits PrOpened, PrClosed, PrUpdated, IpAllocated, AllocationQueued, AllocationRefused, IpReleased, ClusterReady,
        ProvisioningFailed, PhasesInstalled, InstallFailed, ClusterExpired, ClusterDestroyed, DnsReleased {

    PullRequestRef pullRequest();

    ClusterName clusterName();

    default EventType type() {
        return EventType.of(getClass());
    }
}
