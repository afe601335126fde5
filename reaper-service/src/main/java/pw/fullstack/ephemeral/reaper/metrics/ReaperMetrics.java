package pw.fullstack.ephemeral.reaper.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.reaper.expiry.Decision;
import pw.fullstack.ephemeral.reaper.expiry.Expiry;
import pw.fullstack.ephemeral.reaper.expiry.Verdict;
import pw.fullstack.ephemeral.reaper.health.ReaperHealth;
import pw.fullstack.ephemeral.reaper.pass.PassListener;

/**
 * Micrometer meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code reaper.expiries} [reaper_expiries_total{reason}]: ClusterExpired published (once per id per process);</li>
 *   <li>{@code reaper.orphan.decisions} [reaper_orphan_decisions_total{kind=address|cluster,action=expired|reported}];</li>
 *   <li>{@code reaper.dry.run.reports} [reaper_dry_run_reports_total{reason}]: what dry-run would have published;</li>
 *   <li>{@code reaper.verdicts} [reaper_verdicts{status}]: clusters and allocations by status, as of the last pass;</li>
 *   <li>{@code reaper.passes} [reaper_passes_total{outcome=ok|failed}], {@code reaper.pass.duration}
 *       [reaper_pass_duration_seconds], {@code reaper.last.successful.pass} [reaper_last_successful_pass] (epoch seconds).</li>
 * </ul>
 */
@Singleton
public class ReaperMetrics implements PassListener {

    private final MeterRegistry registry;
    private final ReaperHealth health;
    private final Map<Verdict.Status, AtomicInteger> byStatus = new EnumMap<>(Verdict.Status.class);
    private final AtomicLong lastSuccess = new AtomicLong();
    private final Timer duration;

    public ReaperMetrics(MeterRegistry registry, ReaperHealth health) {
        this.registry = registry;
        this.health = health;
        for (Verdict.Status status : Verdict.Status.values()) {
            AtomicInteger value = new AtomicInteger();
            byStatus.put(status, value);
            Gauge.builder("reaper.verdicts", value, AtomicInteger::get).tags(Tags.of("status", tag(status.name())))
                    .description("clusters and allocations by status, as of the last pass").register(registry);
        }
        Gauge.builder("reaper.last.successful.pass", lastSuccess, AtomicLong::get)
                .description("epoch seconds of the last pass that completed").register(registry);
        duration = Timer.builder("reaper.pass.duration").description("one pass: read, decide, publish").register(registry);
        for (ExpiryReason reason : ExpiryReason.values()) {
            expiries(reason);
        }
    }

    @Override
    public void expired(Expiry expiry) {
        expiries(expiry.reason()).increment();
        if (expiry.reason() == ExpiryReason.ORPHAN) {
            orphanDecision(expiry, "expired");
        }
    }

    @Override
    public void reported(Expiry expiry) {
        Counter.builder("reaper.dry.run.reports").tag("reason", expiry.reason().wireName())
                .description("expiries dry-run reported instead of publishing").register(registry).increment();
        if (expiry.reason() == ExpiryReason.ORPHAN) {
            orphanDecision(expiry, "reported");
        }
    }

    @Override
    public void passSucceeded(Decision decision, Duration took) {
        Map<Verdict.Status, Integer> counts = new EnumMap<>(Verdict.Status.class);
        decision.verdicts().forEach(v -> counts.merge(v.status(), 1, Integer::sum));
        byStatus.forEach((status, value) -> value.set(counts.getOrDefault(status, 0)));
        long now = System.currentTimeMillis();
        lastSuccess.set(now / 1000);
        health.passSucceeded(java.time.Instant.ofEpochMilli(now), decision.withheld());
        duration.record(took);
        passes("ok").increment();
    }

    @Override
    public void passFailed(Exception failure) {
        health.passFailed(failure.getClass().getSimpleName() + ": " + failure.getMessage());
        passes("failed").increment();
    }

    private Counter expiries(ExpiryReason reason) {
        return Counter.builder("reaper.expiries").tag("reason", reason.wireName())
                .description("ClusterExpired published, once per event id").register(registry);
    }

    private void orphanDecision(Expiry expiry, String action) {
        Counter.builder("reaper.orphan.decisions").tag("kind", tag(expiry.kind().name())).tag("action", action)
                .description("orphan addresses and clusters acted on (expired) or, in dry-run, reported").register(registry)
                .increment();
    }

    private Counter passes(String outcome) {
        return Counter.builder("reaper.passes").tag("outcome", outcome).register(registry);
    }

    private static String tag(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
