package pw.fullstack.ephemeral.bridge.translation;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/**
 * The envelope of an event the bridge publishes. Its id comes from the delivery
 * ({@link DeliveryIds}) and is also its correlation id: a PrOpened starts a run, and PrClosed and
 * PrUpdated are about the PR, not a run (the bridge keeps no state to know which run is current;
 * consumers match them by cluster name and GitHub's times). Its time is when GitHub says the change
 * happened, so a redelivery publishes the very same envelope.
 */
final class Envelopes {

    private Envelopes() {
    }

    static <E extends LifecycleEvent> EventEnvelope<E> of(Delivery delivery, URI source, E event, Instant occurredAt) {
        return of(DeliveryIds.eventId(delivery.deliveryId(), event.type()), source, event, occurredAt);
    }

    /** A dispatch's event, confirmed with GitHub: its id comes from the PR and GitHub's time ({@link DeliveryIds}). */
    static <E extends LifecycleEvent> EventEnvelope<E> confirmed(PullRequestRef pullRequest, URI source, E event,
                                                                 Instant occurredAt) {
        Instant at = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        return of(DeliveryIds.pullRequestEventId(pullRequest, at, event.type()), source, event, at);
    }

    private static <E extends LifecycleEvent> EventEnvelope<E> of(String id, URI source, E event, Instant occurredAt) {
        return new EventEnvelope<>(id, source, occurredAt.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC), id,
                null, event);
    }
}
