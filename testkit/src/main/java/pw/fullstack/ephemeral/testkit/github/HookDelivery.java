package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;
import java.util.Map;

/**
 * One attempt to deliver an event to a {@link Webhook}, as GitHub records it under "Recent
 * Deliveries": a redelivery is a new attempt (its own id) of the same event (the same {@code guid},
 * sent again as {@code X-GitHub-Delivery}).
 *
 * @param id             the attempt's id (what {@code .../deliveries/{delivery_id}/attempts} redelivers)
 * @param guid           the event's {@code X-GitHub-Delivery}
 * @param status         {@code OK} for a 2xx answer, else what went wrong ({@code Invalid HTTP Response: 503},
 *                       {@code failed to connect}, {@code timed out})
 * @param statusCode     the receiver's status code; 0 when it did not answer
 * @param duration       seconds until the answer (or the failure)
 * @param installationId the payload's {@code installation.id}, for an App's webhook
 * @param repositoryId   the payload's {@code repository.id}
 * @param requestHeaders the headers sent, signature included
 * @param payload        the body sent
 * @param responseHeaders the receiver's headers (lower-cased names)
 * @param responseBody   the receiver's body
 */
public record HookDelivery(long id, String guid, long hookId, Instant deliveredAt, boolean redelivery, double duration,
                           String status, int statusCode, String event, String action, Long installationId,
                           Long repositoryId, String url, Map<String, String> requestHeaders, String payload,
                           Map<String, String> responseHeaders, String responseBody) {

    public HookDelivery {
        requestHeaders = Map.copyOf(requestHeaders);
        responseHeaders = Map.copyOf(responseHeaders);
    }

    /** GitHub's own test of a delivery that needs no redelivery: its status is {@code OK}. */
    public boolean succeeded() {
        return "OK".equals(status);
    }
}
