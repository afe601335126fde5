package pw.fullstack.ephemeral.provisioner.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Meters (Prometheus names): {@code provisioner_provisioning_duration_seconds} (histogram, tag
 * outcome=ready|failed), {@code provisioner_clusters} (gauge, tag phase),
 * {@code provisioner_teardowns_stuck} (gauge), {@code provisioner_provisioning_overdue} (gauge: clusters still
 * provisioning after their stored deadline), {@code provisioner_events_ignored_total} (tag reason),
 * {@code provisioner_events_refused_total}, {@code provisioner_dns_release_timeouts_total}.
 */
@ApplicationScoped
public class ProvisionerMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<Phase, AtomicInteger> byPhase = new EnumMap<>(Phase.class);
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicInteger overdue = new AtomicInteger();
    private final AtomicReference<List<String>> stuckNames = new AtomicReference<>(List.of());

    private final List<Gauge> gauges = new ArrayList<>();

    @PostConstruct
    void register() {
        for (Phase phase : Phase.values()) {
            AtomicInteger value = new AtomicInteger();
            byPhase.put(phase, value);
            gauges.add(Gauge.builder("provisioner.clusters", value, AtomicInteger::get)
                    .tag("phase", phase.name().toLowerCase()).register(registry));
        }
        gauges.add(Gauge.builder("provisioner.teardowns.stuck", stuck, AtomicInteger::get).register(registry));
        gauges.add(Gauge.builder("provisioner.provisioning.overdue", overdue, AtomicInteger::get).register(registry));
    }

    /**
     * The root registry is Micrometer's static global one: a gauge left there would outlive this application
     * (a restarted app in the same JVM, as the tests do, would find the old gauge, bound to the old counts, instead of
     * registering its own).
     */
    @PreDestroy
    void unregister() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }

    public void provisioningFinished(String outcome, Duration duration) {
        Timer.builder("provisioner.provisioning.duration")
                .description("From apply to ClusterReady or ProvisioningFailed")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(duration.isNegative() ? Duration.ZERO : duration);
    }

    /** An expiry deleted the Cluster without the installer's DnsReleased: the wait ran out. */
    public void dnsReleaseTimedOut() {
        Counter.builder("provisioner.dns.release.timeouts")
                .description("Expired clusters deleted after provisioner.dns-release-timeout without a DnsReleased")
                .register(registry).increment();
    }

    public void ignored(String reason) {
        Counter.builder("provisioner.events.ignored").tag("reason", reason).register(registry).increment();
    }

    /** An event refused to the dead-letter topic: wrong cluster name, foreign namespace, addresses changed by hand. */
    public void refused() {
        Counter.builder("provisioner.events.refused").register(registry).increment();
    }

    public void observed(Map<Phase, Integer> counts, List<String> stuckClusters, List<String> overdueClusters) {
        byPhase.forEach((phase, value) -> value.set(counts.getOrDefault(phase, 0)));
        stuck.set(stuckClusters.size());
        overdue.set(overdueClusters.size());
        stuckNames.set(List.copyOf(stuckClusters));
    }

    public List<String> stuckTeardowns() {
        return stuckNames.get();
    }
}
