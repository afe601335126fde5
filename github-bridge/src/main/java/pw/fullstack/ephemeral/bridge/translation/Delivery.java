package pw.fullstack.ephemeral.bridge.translation;

import java.time.Instant;
import java.util.regex.Pattern;
import pw.fullstack.ephemeral.contracts.InvalidInputException;

/**
 * One authenticated webhook delivery: GitHub's event name ({@code X-GitHub-Event}), its delivery
 * id ({@code X-GitHub-Delivery}, kept by a redelivery), when the bridge received it, and the raw body.
 */
public record Delivery(String event, String deliveryId, Instant receivedAt, byte[] body) {

    public static final String EVENT_HEADER = "X-GitHub-Event";
    public static final String DELIVERY_HEADER = "X-GitHub-Delivery";

    /** GitHub sends GUIDs; anything printable and short is accepted, nothing that could break a log line. */
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern EVENT_NAME = Pattern.compile("[a-z_]{1,64}");

    public Delivery {
        if (event == null || event.isBlank()) {
            throw new InvalidInputException(EVENT_HEADER, "is required");
        }
        if (!EVENT_NAME.matcher(event).matches()) {
            throw new InvalidInputException(EVENT_HEADER, InvalidInputException.quote(event) + " is not a GitHub event name");
        }
        if (deliveryId == null || deliveryId.isBlank()) {
            throw new InvalidInputException(DELIVERY_HEADER, "is required");
        }
        if (!DELIVERY_ID.matcher(deliveryId).matches()) {
            throw new InvalidInputException(DELIVERY_HEADER, InvalidInputException.quote(deliveryId)
                    + " is not a delivery id (1-128 of A-Z a-z 0-9 . _ : -)");
        }
        body = body == null ? new byte[0] : body;
    }
}
