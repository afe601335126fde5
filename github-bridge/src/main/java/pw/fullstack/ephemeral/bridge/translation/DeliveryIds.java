package pw.fullstack.ephemeral.bridge.translation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

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

    /**
     * Events of a dispatch, confirmed with GitHub: named by the PR and GitHub's time of the opening or
     * closing, not by the delivery. Every dispatch about the same opening or closing, whatever its
     * {@code X-GitHub-Delivery} (a redelivery, or the same body sent again), publishes the same id, which
     * consumers drop.
     */
    public static String pullRequestEventId(PullRequestRef pullRequest, Instant at, EventType type) {
        String name = "github-pull-request:" + pullRequest.repository().canonical() + "#" + pullRequest.number() + "@" + at
                + "|" + type.eventName();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
