package pw.fullstack.ephemeral.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * How a service whose handlers do blocking I/O (Kubernetes, Vault) takes one lifecycle record: decode
 * it, run the handler on a worker thread so the Kafka polling thread never blocks, retry a transient
 * failure with back-off a bounded number of times, and acknowledge the record only once the handler
 * returned. A record that is not a valid event, an event the handler refused
 * ({@link RefusedEventException}, {@link InvalidInputException}), and one that still fails after the
 * retries are nacked with the reason, which sends them to the service's dead-letter topic; the
 * consumer goes on with the next record either way.
 */
public final class WorkerLifecycleHandling {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycleHandling.class);
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(200);
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

    private WorkerLifecycleHandling() {
    }

    /**
     * @param wanted   the events this service handles; others are acknowledged without work
     * @param retries  how often a transient failure is retried before the record is dead-lettered
     */
    public static Uni<Void> handle(Message<byte[]> message, Predicate<LifecycleEvent> wanted, int retries,
                                   Consumer<EventEnvelope<LifecycleEvent>> handler) {
        EventEnvelope<LifecycleEvent> envelope;
        try {
            envelope = IncomingLifecycleEvents.decode(message);
        } catch (InvalidEventException | InvalidInputException e) {
            LOG.warnf("invalid lifecycle record sent to the dead-letter topic: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        if (!wanted.test(envelope.data())) {
            return Uni.createFrom().completionStage(message.ack());
        }
        return Uni.createFrom().item(() -> {
                    handler.accept(envelope);
                    return (Void) null;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(e -> !(e instanceof InvalidInputException || e instanceof RefusedEventException))
                .retry().withBackOff(FIRST_BACK_OFF, MAX_BACK_OFF).atMost(retries)
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    if (failure != null) {
                        LOG.errorf("%s %s for %s failed, sent to the dead-letter topic: %s", envelope.type().eventName(),
                                envelope.id(), envelope.subject(), failure.toString());
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }
}
