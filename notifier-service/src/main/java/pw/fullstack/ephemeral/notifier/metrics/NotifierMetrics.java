package pw.fullstack.ephemeral.notifier.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import pw.fullstack.ephemeral.messaging.ApplicationGauges;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Meters (Prometheus names): {@code notifier_github_requests_seconds} (timer, tags operation,
 * outcome=2xx|4xx|5xx|error), {@code notifier_github_rate_limited_total} (tag kind=primary|secondary),
 * {@code notifier_github_rate_limit_wait_seconds} (summary of the waits GitHub asked for),
 * {@code notifier_github_rate_limit_remaining} (gauge per lane), {@code notifier_updates_total}
 * (tag outcome=written|unchanged), {@code notifier_write_failures_total} (tag kind=rate-limited|
 * unavailable|refused), {@code notifier_dead_lettered_total} (tag reason), {@code notifier_events_ignored_total}
 * (tag verdict), {@code notifier_pending_prs} and {@code notifier_failing_prs} (gauges).
 */
@ApplicationScoped
public class NotifierMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();
    private ApplicationGauges gauges;

    @PostConstruct
    void create() {
        gauges = new ApplicationGauges(registry);
    }

    @PreDestroy
    void unregister() {
        gauges.removeAll();
    }

    public void apiCall(String operation, String outcome, long nanos) {
        Timer.builder("notifier.github.requests").description("GitHub REST calls")
                .tag("operation", operation).tag("outcome", outcome)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void rateLimited(String kind, Duration wait) {
        Counter.builder("notifier.github.rate.limited").tag("kind", kind).register(registry).increment();
        DistributionSummary.builder("notifier.github.rate.limit.wait").baseUnit("seconds").tag("kind", kind)
                .register(registry).record(wait.toMillis() / 1000.0);
    }

    public void rateLimitRemaining(String lane, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            remaining.computeIfAbsent(lane, l -> gauges.gauge("notifier.github.rate.limit.remaining", Tags.of("lane", l),
                    new AtomicLong(), AtomicLong::get)).set(parsed);
        } catch (NumberFormatException e) {
            // GitHub always sends a number; anything else is not worth a metric
        }
    }

    public void update(String outcome) {
        Counter.builder("notifier.updates").tag("outcome", outcome).register(registry).increment();
    }

    public void writeFailed(String kind) {
        Counter.builder("notifier.write.failures").tag("kind", kind).register(registry).increment();
    }

    public void deadLettered(String reason, int records) {
        Counter.builder("notifier.dead.lettered").tag("reason", reason).register(registry).increment(records);
    }

    public void ignored(String verdict) {
        Counter.builder("notifier.events.ignored").tag("verdict", verdict).register(registry).increment();
    }

    public void pending(Supplier<Number> pendingPrs, Supplier<Number> failingPrs) {
        gauges.gauge("notifier.pending.prs", Tags.empty(), pendingPrs, s -> s.get().doubleValue());
        gauges.gauge("notifier.failing.prs", Tags.empty(), failingPrs, s -> s.get().doubleValue());
    }
}
