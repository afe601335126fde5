package pw.fullstack.ephemeral.bridge.translation;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.events.EventType;

/**
 * Event ids derived from the delivery: GitHub redelivers a failed delivery with the same
 * {@code X-GitHub-Delivery}, so a redelivery publishes the same id again and every consumer's
 * de-duplication covers it. One delivery gives at most one event; the type is part of the name
 * anyway, so a redelivery that the configuration now maps differently does not reuse the id.
 */
public final class DeliveryIds {

    private DeliveryIds() {
    }

    public static String eventId(String deliveryId, EventType type) {
        String name = "github-delivery:" + deliveryId + "|" + type.eventName();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
