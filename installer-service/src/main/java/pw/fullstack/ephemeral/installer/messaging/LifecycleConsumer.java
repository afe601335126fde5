package pw.fullstack.ephemeral.installer.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.install.InstallService;
import pw.fullstack.ephemeral.messaging.IncomingLifecycleEvents;

/**
 * The {@code lifecycle} channel (group {@code installer}): ClusterReady starts an installation,
 * ClusterExpired its DNS release; both only record what to do on the tools cluster and return — the
 * reconcile loop does the work, so no record holds the partition for minutes. A record is
 * acknowledged after that; an invalid or refused one is nacked to
 * {@code ephemeral.cluster-lifecycle.installer.dlq} with the reason; a transient failure is retried
 * ({@code installer.handler-retries}) before it goes there too.
 */
@ApplicationScoped
public class LifecycleConsumer {

    private static final Logger LOG = Logger.getLogger(LifecycleConsumer.class);

    @Inject
    InstallService installs;

    @Inject
    InstallerConfig config;

    @Incoming("lifecycle")
    public Uni<Void> consume(Message<byte[]> message) {
        EventEnvelope<LifecycleEvent> envelope;
        try {
            envelope = IncomingLifecycleEvents.decode(message);
        } catch (InvalidEventException | InvalidInputException e) {
            LOG.warnf("invalid lifecycle record sent to the dead-letter topic: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        if (!(envelope.data() instanceof ClusterReady) && !(envelope.data() instanceof ClusterExpired)) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return Uni.createFrom().item(() -> {
                    handle(envelope);
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(e -> !(e instanceof InvalidInputException || e instanceof RefusedEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(config.handlerRetries())
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure != null) {
                        LOG.errorf("%s %s for %s failed, sent to the dead-letter topic: %s", envelope.type().eventName(),
                                envelope.id(), envelope.subject(), failure.toString());
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    @SuppressWarnings("unchecked")
    void handle(EventEnvelope<LifecycleEvent> envelope) {
        if (envelope.data() instanceof ClusterReady) {
            installs.onClusterReady((EventEnvelope<ClusterReady>) (EventEnvelope<?>) envelope);
        } else {
            installs.onClusterExpired((EventEnvelope<ClusterExpired>) (EventEnvelope<?>) envelope);
        }
    }
}
