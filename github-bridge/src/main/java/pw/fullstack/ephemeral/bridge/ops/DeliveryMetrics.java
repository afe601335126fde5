package pw.fullstack.ephemeral.bridge.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import pw.fullstack.ephemeral.bridge.translation.DeliveryTranslator;

/**
 * Micrometer meters (Prometheus names in brackets): {@code bridge.deliveries}
 * [bridge_deliveries_total, tags outcome and event] and {@code bridge.publish.duration}
 * [bridge_publish_duration_seconds, tag result: acknowledged, failed, timed-out]. The event tag is
 * one of GitHub's event names the bridge knows or {@code other}, so a sender cannot grow the number
 * of series. Bodies refused as too large (413) never reach the bridge's code; they show in
 * {@code http_server_requests_seconds_count{status="413"}}.
 */
@Singleton
public class DeliveryMetrics {

    private static final Set<String> KNOWN_EVENTS = Set.of(DeliveryTranslator.PING, DeliveryTranslator.PULL_REQUEST,
            DeliveryTranslator.REPOSITORY_DISPATCH);

    private final MeterRegistry registry;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            for (String event : KNOWN_EVENTS) {
                counter(outcome, event);
            }
        }
    }

    public void delivered(DeliveryOutcome outcome, String event) {
        counter(outcome, event != null && KNOWN_EVENTS.contains(event) ? event : "other").increment();
    }

    public void published(String result, Duration duration) {
        Timer.builder("bridge.publish.duration").tag("result", result)
                .description("delivery translated to broker acknowledgement (or giving up)")
                .register(registry).record(duration);
    }

    private Counter counter(DeliveryOutcome outcome, String event) {
        return Counter.builder("bridge.deliveries").tag("outcome", outcome.tag()).tag("event", event)
                .description("webhook deliveries by how they ended").register(registry);
    }
}
