package pw.fullstack.ephemeral.provisioner.messaging;

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
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.messaging.LifecycleHandlingCheck;
import pw.fullstack.ephemeral.messaging.WorkerLifecycleHandling;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;
import pw.fullstack.ephemeral.provisioner.provisioning.ProvisioningService;
import pw.fullstack.ephemeral.provisioner.teardown.TeardownService;

/**
 * The {@code lifecycle} channel (group {@code provisioner}). A record is acknowledged only after its
 * effect is done (objects applied, teardown recorded, any event it emits acknowledged by the
 * broker). A record that is not a valid event, or an event refused (a cluster name that is not its
 * PR's, a namespace this system did not create), is nacked with the reason and lands on
 * {@code ephemeral.cluster-lifecycle.provisioner.dlq}. Any other failure (tools API or Vault
 * unavailable, a publish not acknowledged) is retried with back-off ({@code provisioner.retry.*})
 * until it succeeds, while readiness names the event and the cause ({@link WorkerLifecycleHandling}).
 */
@ApplicationScoped
public class LifecycleConsumer {

    private WorkerLifecycleHandling handling;

    @Inject
    ProvisioningService provisioning;

    @Inject
    TeardownService teardown;

    @Inject
    ProvisionerConfig config;

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
        return handling.handle(message, event -> true, this::handle);
    }

    @SuppressWarnings("unchecked")
    void handle(EventEnvelope<LifecycleEvent> envelope) {
        LifecycleEvent event = envelope.data();
        if (event instanceof IpAllocated) {
            provisioning.provision((EventEnvelope<IpAllocated>) (EventEnvelope<?>) envelope);
            return;
        }
        if (event instanceof PrClosed) {
            provisioning.onPrClosed((EventEnvelope<PrClosed>) (EventEnvelope<?>) envelope);
            return;
        }
        if (event instanceof DnsReleased) {
            teardown.recordDnsRelease((EventEnvelope<DnsReleased>) (EventEnvelope<?>) envelope);
            return;
        }
        TeardownService.reasonFor(event).ifPresent(reason -> teardown.requestTeardown(envelope, reason));
    }
}
