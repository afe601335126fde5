package pw.fullstack.ephemeral.bridge.webhook;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import pw.fullstack.ephemeral.bridge.BridgeConfig;
import pw.fullstack.ephemeral.bridge.NewestEntries;

/**
 * The deliveries ({@code X-GitHub-Delivery}) whose event this instance got acknowledged by the broker,
 * also when the acknowledgement came after the delivery was answered 503. A delivery published again
 * is answered without publishing, and the redelivery pass never asks for one of them. The newest
 * {@code bridge.remembered-deliveries}, in memory: after a restart, or on another replica, GitHub's own
 * log (a delivery answered 2xx) stands in, and a second publication of the same event id is dropped by
 * every consumer.
 */
@Singleton
public class PublishedDeliveries {

    private final NewestEntries<String, String> eventIds;

    @Inject
    public PublishedDeliveries(BridgeConfig config) {
        this(config.rememberedDeliveries());
    }

    public PublishedDeliveries(int capacity) {
        this.eventIds = new NewestEntries<>(capacity);
    }

    public void remember(String deliveryId, String eventId) {
        eventIds.put(deliveryId, eventId);
    }

    /** The delivery's event was published, under this id (a redelivery translated differently is not the same). */
    public boolean published(String deliveryId, String eventId) {
        return eventIds.get(deliveryId).filter(eventId::equals).isPresent();
    }

    public boolean published(String deliveryId) {
        return eventIds.get(deliveryId).isPresent();
    }
}
