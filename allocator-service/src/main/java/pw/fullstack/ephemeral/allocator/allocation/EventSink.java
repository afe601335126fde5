package pw.fullstack.ephemeral.allocator.allocation;

import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;

/** Where the engine's events go; returns once the broker has acknowledged the event. */
@FunctionalInterface
public interface EventSink {

    void emit(EventEnvelope<?> envelope);
}
