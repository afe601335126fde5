package pw.fullstack.ephemeral.provisioner.messaging;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * Builds envelopes for events whose cause is known only by id (annotated on the cluster), e.g.
 * ClusterReady emitted by the reconcile loop after a restart. The id is derived exactly as
 * {@link EventEnvelope#causedBy} derives it, so the same cause always yields the same event id
 * whether it is emitted from the Kafka handler or from the reconcile loop, before or after a
 * restart: a duplicate is dropped by consumers.
 */
public final class Events {

    private Events() {
    }

    public static <E extends LifecycleEvent> EventEnvelope<E> causedBy(String causeId, String correlationId, URI source, E data) {
        String seed = causeId + "|" + data.type().eventName() + "|" + data.clusterName().value();
        String id = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
        return new EventEnvelope<>(id, source, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS),
                correlationId, causeId, data);
    }
}
