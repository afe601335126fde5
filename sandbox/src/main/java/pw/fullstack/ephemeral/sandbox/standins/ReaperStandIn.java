package pw.fullstack.ephemeral.sandbox.standins;

import java.net.URI;
import java.time.Instant;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.sandbox.board.PrRow;
import pw.fullstack.ephemeral.sandbox.kafka.LifecycleProducer;

/**
 * Until reaper-service exists, the sandbox itself decides that a closed PR's grace period is over
 * and publishes ClusterExpired, exactly as the reaper will.
 */
public final class ReaperStandIn {

    public static final URI SOURCE = URI.create("/ephemeral-clusters/sandbox-reaper");

    private final LifecycleProducer producer;

    public ReaperStandIn(LifecycleProducer producer) {
        this.producer = producer;
    }

    public void expire(PrRow row, ExpiryReason reason) {
        producer.publish(EventEnvelope.inSaga(row.correlationId(), SOURCE,
                new ClusterExpired(row.pullRequest(), row.clusterName(), reason, Instant.now())));
    }
}
