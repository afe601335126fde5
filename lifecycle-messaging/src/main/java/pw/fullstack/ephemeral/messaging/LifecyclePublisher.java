package pw.fullstack.ephemeral.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;

/**
 * Publishes lifecycle events on the {@value #CHANNEL} channel (configured to the lifecycle topic,
 * byte-array values) in CloudEvents binary mode, keyed by cluster name.
 *
 * <p>The returned Uni completes when the broker has acknowledged the record: a handler acks its
 * incoming record only after that, so a crash in between re-delivers the cause and the handler
 * emits the same (deterministic) event id again instead of losing it.
 */
@ApplicationScoped
public class LifecyclePublisher {

    public static final String CHANNEL = "lifecycle-out";

    @Inject
    @Channel(CHANNEL)
    MutinyEmitter<byte[]> emitter;

    /**
     * The longest a handler waits for the broker's acknowledgement before it treats the publish as
     * failed (and retries its event, emitting the same id again).
     */
    @ConfigProperty(name = "lifecycle.publish-timeout", defaultValue = "60s")
    Duration publishTimeout;

    public Uni<Void> publish(EventEnvelope<?> envelope) {
        ProducerRecord<String, byte[]> record = LifecycleRecordCodec.encode(envelope);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(record.headers())
                .build();
        return emitter.sendMessage(Message.of(record.value()).addMetadata(metadata));
    }

    /** For handlers that run on a worker thread: returns once acknowledged, fails after the publish timeout. */
    public void publishAndAwait(EventEnvelope<?> envelope) {
        publish(envelope).await().atMost(publishTimeout);
    }
}
