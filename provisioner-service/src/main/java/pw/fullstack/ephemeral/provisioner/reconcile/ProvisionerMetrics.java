package pw.fullstack.ephemeral.provisioner.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import pw.fullstack.ephemeral.messaging.ApplicationGauges;
import java.time.Duration;
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

    private ApplicationGauges gauges;

    @PostConstruct
    void register() {
        gauges = new ApplicationGauges(registry);
        for (Phase phase : Phase.values()) {
            byPhase.put(phase, gauges.gauge("provisioner.clusters", Tags.of("phase", phase.name().toLowerCase()),
                    new AtomicInteger(), AtomicInteger::get));
        }
        gauges.gauge("provisioner.teardowns.stuck", Tags.empty(), stuck, AtomicInteger::get);
        gauges.gauge("provisioner.provisioning.overdue", Tags.empty(), overdue, AtomicInteger::get);
    }

    @PreDestroy
    void unregister() {
        gauges.removeAll();
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
