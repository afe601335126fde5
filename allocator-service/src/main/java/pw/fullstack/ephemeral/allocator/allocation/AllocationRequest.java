package pw.fullstack.ephemeral.allocator.allocation;

import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;

/**
 * A request for a block: the PrOpened, the saga run it starts ({@code sagaId}, its correlation id)
 * and the PrOpened's own id ({@code requestId}), which the IpAllocated is derived from.
 */
public record AllocationRequest(PrOpened event, String sagaId, String requestId) {

    public static AllocationRequest of(EventEnvelope<PrOpened> envelope) {
        return new AllocationRequest(envelope.data(), envelope.correlationId(), envelope.id());
    }

    static AllocationRequest fromQueue(QueueEntry entry) {
        PrOpened event = new PrOpened(entry.pullRequest(), entry.cluster(), entry.branch(),
                entry.headSha(), entry.options(), entry.openedAt());
        return new AllocationRequest(event, entry.sagaId(), entry.requestId());
    }

    public SagaRun run() {
        return new SagaRun(sagaId, event.openedAt());
    }

    public ClusterName cluster() {
        return event.clusterName();
    }
}
