package pw.fullstack.ephemeral.installer.install;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
 * Meters (Prometheus names): {@code installer_phase_duration_seconds} (histogram, tag
 * phase=phase1|phase2|dns-check|total), {@code installer_failures_total} (tag step),
 * {@code installer_dns_releases_total} (tag outcome), {@code installer_installations} (gauge, tag step),
 * {@code installer_installations_stuck} (gauge), {@code installer_events_ignored_total} (tag reason),
 * {@code installer_events_refused_total}, {@code installer_dns_check_warnings_total},
 * {@code installer_reconcile_passes_total} (tag step: the loop's passes over one installation, what the workload watches
 * save).
 */
@ApplicationScoped
public class InstallerMetrics {

    @Inject
    MeterRegistry registry;

    private final Map<InstallStep, AtomicInteger> bySteps = new EnumMap<>(InstallStep.class);
    private final AtomicInteger stuck = new AtomicInteger();
    private final AtomicReference<List<String>> stuckNames = new AtomicReference<>(List.of());

    private ApplicationGauges gauges;

    @PostConstruct
    void register() {
        gauges = new ApplicationGauges(registry);
        for (InstallStep step : InstallStep.values()) {
            bySteps.put(step, gauges.gauge("installer.installations", Tags.of("step", step.wireName()),
                    new AtomicInteger(), AtomicInteger::get));
        }
        gauges.gauge("installer.installations.stuck", Tags.empty(), stuck, AtomicInteger::get);
        // The failure counters of the steps this code names exist from the start, at zero: the dashboard's "failures
        // by step" and an increase() over them see the first failure too. Steps Phase 1's progress names (a chart,
        // a Job) appear when they first fail.
        for (String step : KNOWN_FAILURE_STEPS) {
            failures(step);
        }
    }

    @PreDestroy
    void unregister() {
        gauges.removeAll();
    }

    /** The failure steps {@code Installer} names itself (the {@code install-failure-step} annotation). */
    static final List<String> KNOWN_FAILURE_STEPS = List.of("kubeconfig", "credentials", "apply", "tools-api", "workload-api");

    public void phaseTook(String phase, Duration duration) {
        Timer.builder("installer.phase.duration").description("How long each phase of an installation took")
                .tag("phase", phase).publishPercentileHistogram().register(registry)
                .record(duration.isNegative() ? Duration.ZERO : duration);
    }

    /** One reconcile pass over an installation of the owning run at this step. */
    public void reconciled(InstallStep step) {
        Counter.builder("installer.reconcile.passes").description("Reconcile passes over an installation, by its step")
                .tag("step", step.wireName()).register(registry).increment();
    }

    public void failed(String step) {
        failures(step).increment();
    }

    private Counter failures(String step) {
        return Counter.builder("installer.failures").description("Installations that failed, by step").tag("step", step)
                .register(registry);
    }

    public void released(String outcome) {
        Counter.builder("installer.dns.releases").tag("outcome", outcome).register(registry).increment();
    }

    public void dnsWarning() {
        Counter.builder("installer.dns.check.warnings").register(registry).increment();
    }

    public void ignored(String reason) {
        Counter.builder("installer.events.ignored").tag("reason", reason).register(registry).increment();
    }

    public void refused() {
        Counter.builder("installer.events.refused").register(registry).increment();
    }

    public void observed(Map<InstallStep, Integer> counts, List<String> stuckInstallations) {
        bySteps.forEach((step, value) -> value.set(counts.getOrDefault(step, 0)));
        stuck.set(stuckInstallations.size());
        stuckNames.set(List.copyOf(stuckInstallations));
    }

    public List<String> stuckInstallations() {
        return stuckNames.get();
    }
}
