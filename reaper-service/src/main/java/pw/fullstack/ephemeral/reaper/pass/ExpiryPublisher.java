package pw.fullstack.ephemeral.reaper.pass;

import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;

/** Publishes one ClusterExpired and returns once the broker acknowledged it; throws otherwise. */
@FunctionalInterface
public interface ExpiryPublisher {

    void publish(EventEnvelope<ClusterExpired> envelope);
}
