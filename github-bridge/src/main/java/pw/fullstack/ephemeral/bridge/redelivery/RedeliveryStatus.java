package pw.fullstack.ephemeral.bridge.redelivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the redelivery passes went, for the readiness check and the metrics (Prometheus names):
 * {@code bridge_redelivery_passes_total{outcome}} (succeeded, failed, skipped),
 * {@code bridge_redelivery_requests_total{result}} (accepted, refused),
 * {@code bridge_redelivery_last_success_seconds} (epoch seconds of the last pass that succeeded; 0 before
 * the first) and {@code bridge_redelivery_abandoned} (events the last pass gave up on).
 */
@Singleton
public class RedeliveryStatus {

    private final MeterRegistry registry;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicReference<RedeliveryPass.Result> last = new AtomicReference<>();
    private volatile String configuration = "off (no credentials configured)";

    public RedeliveryStatus(MeterRegistry registry) {
        this.registry = registry;
        for (RedeliveryPass.Outcome outcome : RedeliveryPass.Outcome.values()) {
            passes(outcome);
        }
        requests("accepted");
        requests("refused");
        Gauge.builder("bridge.redelivery.last.success", lastSuccess, AtomicLong::get).baseUnit("seconds")
                .description("when the last redelivery pass succeeded (epoch seconds; 0: none yet)").register(registry);
        Gauge.builder("bridge.redelivery.abandoned", abandoned, AtomicLong::get)
                .description("events the last pass gave up on after bridge.redelivery.max-redeliveries").register(registry);
    }

    /** What the pass works with, for the readiness check (never a secret). */
    public void configured(String description) {
        configuration = description;
    }

    public String configuration() {
        return configuration;
    }

    public void record(RedeliveryPass.Result result) {
        last.set(result);
        passes(result.outcome()).increment();
        requests("accepted").increment(result.requested().size());
        requests("refused").increment(result.refused().size());
        if (result.outcome() == RedeliveryPass.Outcome.SUCCEEDED) {
            lastSuccess.set(result.at().getEpochSecond());
            abandoned.set(result.abandoned().size());
        }
    }

    public Optional<RedeliveryPass.Result> last() {
        return Optional.ofNullable(last.get());
    }

    /** Epoch seconds; 0 when no pass has succeeded. */
    public long lastSuccess() {
        return lastSuccess.get();
    }

    private Counter passes(RedeliveryPass.Outcome outcome) {
        return Counter.builder("bridge.redelivery.passes").tag("outcome", outcome.tag())
                .description("redelivery passes by how they ended").register(registry);
    }

    private Counter requests(String result) {
        return Counter.builder("bridge.redelivery.requests").tag("result", result)
                .description("redelivery requests by GitHub's answer").register(registry);
    }
}
