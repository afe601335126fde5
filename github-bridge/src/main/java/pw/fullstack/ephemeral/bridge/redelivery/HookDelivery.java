package pw.fullstack.ephemeral.bridge.redelivery;

import java.time.Instant;

/**
 * One attempt in a webhook's "Recent Deliveries", as GitHub's REST API lists it ("Simple webhook
 * delivery"): a redelivery is a new attempt, with its own id, of the same event (the same {@code guid},
 * which the bridge received as {@code X-GitHub-Delivery}).
 *
 * @param id         the attempt, which {@code .../deliveries/{delivery_id}/attempts} redelivers
 * @param guid       the event
 * @param status     {@code OK} when the receiver answered 2xx
 * @param statusCode the receiver's status; 0 when it did not answer (not reachable, timed out)
 */
public record HookDelivery(long id, String guid, Instant deliveredAt, boolean redelivery, String status, int statusCode,
                           String event, String action) {

    /** GitHub's own test: a delivery that needs no redelivery has the status {@code OK}. */
    public boolean succeeded() {
        return "OK".equals(status) || statusCode >= 200 && statusCode < 300;
    }

    /**
     * Whether sending it again could be answered otherwise: no answer, a timeout, a rate limit or a
     * server error (the bridge's 503 while the broker is down). A 4xx is the bridge refusing the
     * delivery itself (signature, content, validation): the same body gets the same answer.
     */
    public boolean retryable() {
        return statusCode == 0 || statusCode == 408 || statusCode == 429 || statusCode >= 500;
    }
}
