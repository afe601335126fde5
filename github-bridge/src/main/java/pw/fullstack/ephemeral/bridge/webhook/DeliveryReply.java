package pw.fullstack.ephemeral.bridge.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of the bridge's answer, shown in GitHub's "Recent Deliveries" next to the status code.
 * Every text in it is the bridge's own or a contracts validation message (which quotes offending
 * values with control characters escaped), never raw payload text.
 *
 * @param outcome {@code published}, {@code pong}, {@code invalid}, {@code unauthorized}, {@code unavailable}, ...
 * @param message why, for anything but published and pong
 * @param event   the lifecycle event published
 * @param id      its id (derived from the delivery id)
 * @param cluster its cluster name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryReply(String outcome, String message, String event, String id, String cluster) {

    static DeliveryReply of(String outcome, String message) {
        return new DeliveryReply(outcome, message, null, null, null);
    }
}
