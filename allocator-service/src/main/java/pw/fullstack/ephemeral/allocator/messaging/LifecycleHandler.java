package pw.fullstack.ephemeral.allocator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.allocator.AllocatorConfig;
import pw.fullstack.ephemeral.allocator.allocation.AllocationEngine;
import pw.fullstack.ephemeral.allocator.allocation.MalformedStateException;
import pw.fullstack.ephemeral.allocator.allocation.NameHeldByAnotherRepositoryException;
import pw.fullstack.ephemeral.allocator.allocation.StoreUnavailableException;
import pw.fullstack.ephemeral.allocator.health.MalformedDocuments;
import pw.fullstack.ephemeral.allocator.health.VaultAvailability;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.messaging.IncomingLifecycleEvents;

/**
 * Consumes the lifecycle topic (channel {@value #CHANNEL}).
 *
 * <ul>
 *   <li>not a valid lifecycle event → nack with the reason → the record goes to
 *       {@code ephemeral.cluster-lifecycle.allocator.dlq} (SmallRye dead-letter-queue strategy) and
 *       the consumer moves on;</li>
 *   <li>an event type the allocator does not handle → ack;</li>
 *   <li>an event whose cluster name is not the one {@code ClusterNaming} derives from its PR (forged
 *       or mistaken) → dead-letter topic with the reason; nothing is read or written;</li>
 *   <li>a Vault document the event needs is malformed → dead-letter topic with the reason (retrying
 *       cannot repair it), readiness names the document, the next event is processed;</li>
 *   <li>PrOpened / PrClosed / ClusterDestroyed → applied in Vault, what follows emitted and
 *       acknowledged by the broker, then ack;</li>
 *   <li>Vault (or the broker) unavailable → the same event is tried again with jittered backoff,
 *       without ack and without the dead-letter topic, until it succeeds.</li>
 * </ul>
 *
 * <p>Why a long retry here is safe with Kafka's {@code max.poll.interval.ms}: the method runs on a
 * worker thread ({@code @Blocking}, ordered: one event at a time, so one cluster's events are
 * applied in partition order). SmallRye's Kafka consumer keeps polling on its own polling thread
 * and pauses the partitions when its in-flight buffer is full, so the consumer stays in its group
 * however long an event takes. The offset of an event is committed only after it is acked
 * (throttled commit strategy), so a crash or a rebalance mid-retry re-delivers it; every step is
 * idempotent (see AllocationEngine). The throttled strategy marks the channel unhealthy if a record
 * stays unacked longer than {@code throttled.unprocessed-record-max-age.ms}; that is set above the
 * longest outage we want to ride out without a restart (see application.properties).
 */
@ApplicationScoped
public class LifecycleHandler {

    public static final String CHANNEL = "lifecycle";
    private static final Logger LOG = Logger.getLogger(LifecycleHandler.class);

    @Inject
    AllocationEngine engine;

    @Inject
    AllocatorConfig config;

    @Inject
    VaultAvailability availability;

    @Inject
    MalformedDocuments malformed;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        EventEnvelope<LifecycleEvent> envelope;
        try {
            envelope = IncomingLifecycleEvents.decode(message);
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering an invalid record: %s", e.getMessage());
            return message.nack(e);
        }
        if (!handles(envelope.data())) {
            return message.ack();
        }
        LifecycleEvent data = envelope.data();
        if (!engine.naming().isNameOf(data.clusterName(), data.pullRequest())) {
            String reason = "cluster name " + data.clusterName() + " is not the name of " + data.pullRequest() + " ("
                    + engine.naming().clusterName(data.pullRequest()) + "): refused";
            LOG.warnf("dead-lettering %s %s: %s", envelope.type().eventName(), envelope.id(), reason);
            return message.nack(new InvalidEventException(reason));
        }
        long backoffMillis = config.retry().initialBackoff().toMillis();
        int attempt = 0;
        while (true) {
            try {
                apply(envelope);
                availability.up();
                return message.ack();
            } catch (NameHeldByAnotherRepositoryException e) {
                availability.up();
                LOG.errorf("dead-lettering %s %s for %s: %s", envelope.type().eventName(), envelope.id(),
                        envelope.subject(), e.getMessage());
                return message.nack(e);
            } catch (MalformedStateException e) {
                availability.up();
                malformed.found(e.document(), e.getMessage());
                LOG.errorf("dead-lettering %s %s for %s: %s", envelope.type().eventName(), envelope.id(),
                        envelope.subject(), e.getMessage());
                return message.nack(e);
            } catch (StoreUnavailableException e) {
                attempt++;
                availability.down(e.getMessage());
                LOG.warnf("%s %s for %s not applied (attempt %d), retrying: %s", envelope.type().eventName(),
                        envelope.id(), envelope.subject(), attempt, e.getMessage());
            } catch (RuntimeException e) {
                // Publishing failed (broker unavailable, delivery timeout) or another unexpected
                // failure: retried as well, never dead-lettered. The record passed decode(), so the
                // failure is not the record's fault, and dropping it could lose an address.
                // Readiness goes DOWN with the reason too, so a partition stuck on such an event is
                // visible to whoever is on call instead of hiding behind a green health check.
                attempt++;
                availability.down(e.getClass().getSimpleName() + ": " + e.getMessage());
                LOG.warnf(e, "%s %s for %s failed (attempt %d), retrying", envelope.type().eventName(),
                        envelope.id(), envelope.subject(), attempt);
            }
            LockSupport.parkNanos(Duration.ofMillis(ThreadLocalRandom.current().nextLong(backoffMillis / 2,
                    backoffMillis + 1)).toNanos());
            backoffMillis = Math.min(config.retry().maxBackoff().toMillis(), backoffMillis * 2);
        }
    }

    static boolean handles(LifecycleEvent event) {
        return event instanceof PrOpened || event instanceof PrClosed || event instanceof ClusterDestroyed;
    }

    @SuppressWarnings("unchecked")
    private void apply(EventEnvelope<LifecycleEvent> envelope) {
        LifecycleEvent event = envelope.data();
        EventEnvelope<?> any = envelope;
        if (event instanceof PrOpened) {
            engine.onPrOpened((EventEnvelope<PrOpened>) any);
        } else if (event instanceof PrClosed) {
            engine.onPrClosed((EventEnvelope<PrClosed>) any);
        } else if (event instanceof ClusterDestroyed) {
            engine.onClusterDestroyed((EventEnvelope<ClusterDestroyed>) any);
        } else {
            throw new IllegalArgumentException("not handled: " + envelope.type());
        }
    }
}
