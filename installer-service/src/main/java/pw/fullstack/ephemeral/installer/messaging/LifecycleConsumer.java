package pw.fullstack.ephemeral.installer.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.messaging.LifecycleHandlingCheck;
import pw.fullstack.ephemeral.messaging.WorkerLifecycleHandling;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.install.InstallService;

/**
 * The {@code lifecycle} channel (group {@code installer}): ClusterReady starts an installation,
 * ClusterExpired its DNS release, ClusterDestroyed closes what the installer still watches of that cluster; all only record what to do on the tools cluster and return — the
 * reconcile loop does the work, so no record holds the partition for minutes. A record is
 * acknowledged after that; an invalid or refused one is nacked to
 * {@code ephemeral.cluster-lifecycle.installer.dlq} with the reason; any other failure (tools API or
 * Vault unavailable) is retried with back-off ({@code installer.retry.*}) until it succeeds, while
 * readiness names the event and the cause ({@link WorkerLifecycleHandling}).
 */
@ApplicationScoped
public class LifecycleConsumer {

    private WorkerLifecycleHandling handling;

    @Inject
    InstallService installs;

    @Inject
    InstallerConfig config;

    @Inject
    pw.fullstack.ephemeral.leadership.Leadership leadership;

    @PostConstruct
    void createHandling() {
        // Only the leader gets partitions; one that stops leading leaves the record it retries to the next.
        handling = config.retry().handling().onlyWhile(leadership::leads);
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck eventHandlingReadiness() {
        return new LifecycleHandlingCheck(handling);
    }

    @Incoming("lifecycle")
    public Uni<Void> consume(Message<byte[]> message) {
        return handling.handle(message, event -> event instanceof ClusterReady || event instanceof ClusterExpired
                || event instanceof ClusterDestroyed, this::handle);
    }

    @SuppressWarnings("unchecked")
    void handle(EventEnvelope<LifecycleEvent> envelope) {
        if (envelope.data() instanceof ClusterReady) {
            installs.onClusterReady((EventEnvelope<ClusterReady>) (EventEnvelope<?>) envelope);
        } else if (envelope.data() instanceof ClusterDestroyed) {
            installs.onClusterDestroyed((EventEnvelope<ClusterDestroyed>) (EventEnvelope<?>) envelope);
        } else {
            installs.onClusterExpired((EventEnvelope<ClusterExpired>) (EventEnvelope<?>) envelope);
        }
    }
}
