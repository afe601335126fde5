package pw.fullstack.ephemeral.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

class WorkerLifecycleHandlingTest {

    private static final PullRequestRef PR = PullRequestRef.of("fullstack-pw/cks-backend", 42);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final WorkerLifecycleHandling handling = new WorkerLifecycleHandling(Duration.ofMillis(1), Duration.ofMillis(20));

    @Test
    void aHandledEventIsAcknowledgedOnceTheHandlerReturned() {
        Delivered record = Delivered.of(closed());
        List<String> handled = new CopyOnWriteArrayList<>();

        handle(record, envelope -> handled.add(envelope.id()));

        assertThat(record.outcome()).isEqualTo("ack");
        assertThat(handled).containsExactly(record.envelope.id());
    }

    @Test
    void anEventTheServiceDoesNotHandleIsAcknowledgedWithoutCallingTheHandler() {
        Delivered record = Delivered.of(closed());
        AtomicInteger calls = new AtomicInteger();

        handling.handle(record.message, event -> event instanceof PrOpened, envelope -> calls.incrementAndGet())
                .await().atMost(PATIENCE);

        assertThat(record.outcome()).isEqualTo("ack");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aRecordThatIsNotAnEventIsDeadLetteredWithoutCallingTheHandler() {
        Delivered record = Delivered.raw(new RecordHeaders(), "{}".getBytes(StandardCharsets.UTF_8));
        AtomicInteger calls = new AtomicInteger();

        handle(record, envelope -> calls.incrementAndGet());

        assertThat(record.outcome()).startsWith("nack:");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aRefusedEventIsDeadLetteredAtOnceWithItsReasonAndNeverRetried() {
        Delivered record = Delivered.of(closed());
        AtomicInteger calls = new AtomicInteger();

        handle(record, envelope -> {
            calls.incrementAndGet();
            throw new RefusedEventException("namespace pr-x was not created by this system");
        });

        assertThat(record.outcome()).isEqualTo("nack: namespace pr-x was not created by this system");
        assertThat(calls).hasValue(1);
        assertThat(handling.failing()).isEmpty();
    }

    @Test
    void anInvalidInputIsDeadLetteredAtOnceAndNeverRetried() {
        Delivered record = Delivered.of(closed());
        AtomicInteger calls = new AtomicInteger();

        handle(record, envelope -> {
            calls.incrementAndGet();
            throw new InvalidInputException("dnsName", "is not the PR's name");
        });

        assertThat(record.outcome()).startsWith("nack: dnsName");
        assertThat(calls).hasValue(1);
    }

    /** Vault sealed or an API server restarting: more tries than any bounded retry, then success, and no dead letter. */
    @Test
    void aTransientFailureIsRetriedUntilItSucceedsAndNeverDeadLettered() {
        Delivered record = Delivered.of(closed());
        AtomicInteger calls = new AtomicInteger();

        handle(record, envelope -> {
            if (calls.incrementAndGet() <= 30) {
                throw new IllegalStateException("503 Vault is sealed");
            }
        });

        assertThat(record.outcome()).isEqualTo("ack");
        assertThat(calls).hasValue(31);
        assertThat(handling.failing()).isEmpty();
    }

    @Test
    void whileAnEventKeepsFailingItIsNamedWithTheCauseUntilItSucceeds() {
        Delivered record = Delivered.of(closed());
        AtomicBoolean healed = new AtomicBoolean();
        Instant before = Instant.now();

        CompletableFuture<Void> done = handling.handle(record.message, event -> true, envelope -> {
            if (!healed.get()) {
                throw new IllegalStateException("connection refused: tools API");
            }
        }).subscribeAsCompletionStage();

        await().atMost(PATIENCE).until(() -> handling.failing().map(f -> f.attempts() >= 3).orElse(false));
        WorkerLifecycleHandling.Failing failing = handling.failing().orElseThrow();
        assertThat(failing.eventType()).isEqualTo("PrClosed");
        assertThat(failing.eventId()).isEqualTo(record.envelope.id());
        assertThat(failing.cluster()).isEqualTo(record.envelope.subject());
        assertThat(failing.since()).isBetween(before, Instant.now());
        assertThat(failing.cause()).isEqualTo("IllegalStateException: connection refused: tools API");
        assertThat(failing.describe()).contains("PrClosed", record.envelope.id(), "connection refused: tools API");
        assertThat(record.outcome()).as("neither acknowledged nor dead-lettered while failing").isNull();

        healed.set(true);
        done.join();
        assertThat(record.outcome()).isEqualTo("ack");
        assertThat(handling.failing()).isEmpty();
    }

    /** A replica that stopped leading while it retried: it stops trying and leaves the record to the new leader. */
    @Test
    void aReplicaThatStopsLeadingAbandonsTheRecordItRetriesNeitherAcknowledgedNorDeadLettered() {
        AtomicBoolean leading = new AtomicBoolean(true);
        WorkerLifecycleHandling leaderOnly = new WorkerLifecycleHandling(Duration.ofMillis(1), Duration.ofMillis(20))
                .onlyWhile(leading::get);
        Delivered record = Delivered.of(closed());
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<Void> done = leaderOnly.handle(record.message, event -> true, envelope -> {
            calls.incrementAndGet();
            throw new IllegalStateException("connection refused: tools API");
        }).subscribeAsCompletionStage();
        await().atMost(PATIENCE).until(() -> calls.get() >= 3);
        leading.set(false);

        done.join();
        int triesWhenItStopped = calls.get();
        assertThat(record.outcome()).isNull();
        assertThat(leaderOnly.failing()).isEmpty();
        // Handled again later (the partition came back): nothing is tried while it does not lead.
        Delivered later = Delivered.of(closed());
        leaderOnly.handle(later.message, event -> true, envelope -> calls.incrementAndGet()).await().atMost(PATIENCE);
        assertThat(calls).hasValue(triesWhenItStopped);
        assertThat(later.outcome()).isNull();
    }

    private void handle(Delivered record, Consumer<EventEnvelope<LifecycleEvent>> handler) {
        handling.handle(record.message, event -> true, handler).await().atMost(PATIENCE);
    }

    private static EventEnvelope<PrClosed> closed() {
        return EventEnvelope.start(URI.create("/test"),
                new PrClosed(PR, ClusterNaming.defaults().clusterName(PR), false, Instant.parse("2026-11-28T10:00:00Z")));
    }

    /** A record as SmallRye hands it to the service, remembering whether it was acked or nacked (and why). */
    private static final class Delivered {
        final Message<byte[]> message;
        final EventEnvelope<?> envelope;
        private volatile String outcome;

        private Delivered(RecordHeaders headers, byte[] value, EventEnvelope<?> envelope) {
            ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("ephemeral.cluster-lifecycle", 0, 7, 0L,
                    TimestampType.CREATE_TIME, 0, value.length, "key", value, headers, java.util.Optional.empty());
            this.envelope = envelope;
            this.message = Message.of(value, Metadata.of(new IncomingKafkaRecordMetadata<>(record, "lifecycle")))
                    .withAck(() -> {
                        outcome = "ack";
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        outcome = "nack: " + failure.getMessage();
                        return CompletableFuture.completedFuture(null);
                    });
        }

        static Delivered of(EventEnvelope<?> envelope) {
            var record = LifecycleRecordCodec.encode(envelope);
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            return new Delivered(headers, record.value(), envelope);
        }

        static Delivered raw(RecordHeaders headers, byte[] value) {
            return new Delivered(headers, value, null);
        }

        String outcome() {
            return outcome;
        }
    }
}
