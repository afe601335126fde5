package pw.fullstack.ephemeral.bridge.ops;

/** How a delivery ended: the {@code outcome} tag of {@code bridge.deliveries} and of {@code GET /deliveries}. */
public enum DeliveryOutcome {
    /** The event was acknowledged by the broker: 200. */
    PUBLISHED("published", 200),
    /** This instance already published the delivery's event (a redelivery): 200, nothing published again. */
    DUPLICATE("duplicate", 200),
    /** Nothing to do (event, action, filter): 204. */
    IGNORED("ignored", 204),
    /** {@code ping}: 200. */
    PONG("pong", 200),
    /** Missing or wrong signature: 401, nothing read. */
    UNAUTHORIZED("unauthorized", 401),
    /** Not JSON: 415. */
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
    /** Malformed or refused by the contracts' rules: 400. */
    INVALID("invalid", 400),
    /** The broker did not acknowledge in time: 503, GitHub shows the delivery failed and it can be redelivered. */
    UNAVAILABLE("unavailable", 503);

    private final String tag;
    private final int status;

    DeliveryOutcome(String tag, int status) {
        this.tag = tag;
        this.status = status;
    }

    public String tag() {
        return tag;
    }

    public int status() {
        return status;
    }
}
