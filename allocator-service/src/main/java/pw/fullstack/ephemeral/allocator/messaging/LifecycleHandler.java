package pw.fullstack.ephemeral.allocator.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.reactive.messaging.Incoming;
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
 * Consumes the lifecycle topic (channel {@value #CHANNEL}) a poll's worth at a time ({@code batch=true},
 * at most {@code max.poll.records} records): the PrOpened among them are decided together and written
 * once per document ({@link AllocationEngine#onPrOpenedBatch}); any other event is applied on its own,
 * after the PrOpened before it, so each partition's order holds. Each record is judged on its own:
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
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> opened = new ArrayList<>();
        List<EventEnvelope<PrOpened>> openedEvents = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            EventEnvelope<LifecycleEvent> envelope = accepted(record);
            if (envelope == null) {
                continue;
            }
            if (envelope.data() instanceof PrOpened) {
                opened.add(record);
                openedEvents.add(cast(envelope));
                continue;
            }
            // Another cluster event: the PrOpened before it are applied first, so each partition's order holds.
            applyOpened(opened, openedEvents);
            opened.clear();
            openedEvents.clear();
            Map<String, RuntimeException> refused = retrying(envelope.type().eventName() + " " + envelope.id() + " for "
                    + envelope.subject(), () -> applyOne(envelope));
            refused.values().forEach(e -> deadLetter(record, envelope, e));
        }
        applyOpened(opened, openedEvents);
        return batch.ack();
    }

    /** The record's event if the allocator is to apply it; null when it was acked or dead-lettered here. */
    private EventEnvelope<LifecycleEvent> accepted(KafkaRecord<String, byte[]> record) {
        EventEnvelope<LifecycleEvent> envelope;
        try {
            envelope = IncomingLifecycleEvents.decode(record);
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering an invalid record: %s", e.getMessage());
            await(record.nack(e));
            return null;
        }
        if (!handles(envelope.data())) {
            return null; // acked with the batch
        }
        LifecycleEvent data = envelope.data();
        if (!engine.naming().isNameOf(data.clusterName(), data.pullRequest())) {
            String reason = "cluster name " + data.clusterName() + " is not the name of " + data.pullRequest() + " ("
                    + engine.naming().clusterName(data.pullRequest()) + "): refused";
            LOG.warnf("dead-lettering %s %s: %s", envelope.type().eventName(), envelope.id(), reason);
            await(record.nack(new InvalidEventException(reason)));
            return null;
        }
        return envelope;
    }

    /** The PrOpened of a batch, decided together; the ones refused go to the dead-letter topic, alone. */
    private void applyOpened(List<KafkaRecord<String, byte[]>> records, List<EventEnvelope<PrOpened>> events) {
        if (events.isEmpty()) {
            return;
        }
        List<EventEnvelope<PrOpened>> batch = List.copyOf(events);
        Map<String, RuntimeException> refused = retrying("batch of " + batch.size() + " PrOpened",
                () -> engine.onPrOpenedBatch(batch));
        for (int i = 0; i < batch.size(); i++) {
            RuntimeException reason = refused.get(batch.get(i).id());
            if (reason != null) {
                deadLetter(records.get(i), cast(batch.get(i)), reason);
            }
        }
    }

    private Map<String, RuntimeException> applyOne(EventEnvelope<LifecycleEvent> envelope) {
        try {
            apply(envelope);
            return Map.of();
        } catch (NameHeldByAnotherRepositoryException | MalformedStateException e) {
            return Map.of(envelope.id(), e);
        }
    }

    private void deadLetter(KafkaRecord<String, byte[]> record, EventEnvelope<LifecycleEvent> envelope,
                            RuntimeException reason) {
        if (reason instanceof MalformedStateException e) {
            malformed.found(e.document(), e.getMessage());
        }
        LOG.errorf("dead-lettering %s %s for %s: %s", envelope.type().eventName(), envelope.id(), envelope.subject(),
                reason.getMessage());
        await(record.nack(reason));
    }

    /**
     * Applies until it succeeds: Vault or the broker unavailable is retried with jittered backoff, without
     * ack and without the dead-letter topic (the records are not the cause).
     */
    private Map<String, RuntimeException> retrying(String what, Supplier<Map<String, RuntimeException>> apply) {
        long backoffMillis = config.retry().initialBackoff().toMillis();
        int attempt = 0;
        while (true) {
            try {
                Map<String, RuntimeException> refused = apply.get();
                availability.up();
                return refused;
            } catch (StoreUnavailableException e) {
                attempt++;
                availability.down(e.getMessage());
                LOG.warnf("%s not applied (attempt %d), retrying: %s", what, attempt, e.getMessage());
            } catch (RuntimeException e) {
                // Publishing failed (broker unavailable, delivery timeout) or another unexpected
                // failure: retried as well, never dead-lettered. The records passed decode(), so the
                // failure is not theirs, and dropping them could lose an address.
                // Readiness goes DOWN with the reason too, so a partition stuck on such an event is
                // visible to whoever is on call instead of hiding behind a green health check.
                attempt++;
                availability.down(e.getClass().getSimpleName() + ": " + e.getMessage());
                LOG.warnf(e, "%s failed (attempt %d), retrying", what, attempt);
            }
            LockSupport.parkNanos(Duration.ofMillis(ThreadLocalRandom.current().nextLong(backoffMillis / 2,
                    backoffMillis + 1)).toNanos());
            backoffMillis = Math.min(config.retry().maxBackoff().toMillis(), backoffMillis * 2);
        }
    }

    private static void await(CompletionStage<Void> stage) {
        stage.toCompletableFuture().join();
    }

    @SuppressWarnings("unchecked")
    private static <E extends LifecycleEvent> EventEnvelope<E> cast(EventEnvelope<?> envelope) {
        return (EventEnvelope<E>) envelope;
    }

    static boolean handles(LifecycleEvent event) {
        return event instanceof PrOpened || event instanceof PrClosed || event instanceof ClusterDestroyed;
    }

    private void apply(EventEnvelope<LifecycleEvent> envelope) {
        LifecycleEvent event = envelope.data();
        if (event instanceof PrClosed) {
            engine.onPrClosed(cast(envelope));
        } else if (event instanceof ClusterDestroyed) {
            engine.onClusterDestroyed(cast(envelope));
        } else {
            throw new IllegalArgumentException("not handled: " + envelope.type());
        }
    }
}
