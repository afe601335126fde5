package pw.fullstack.ephemeral.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * Turns an incoming Kafka message of the lifecycle topic into an envelope. A record that is not a
 * valid lifecycle event raises {@link InvalidEventException}; nacking the message with it sends the
 * record to the service's dead-letter topic with the exception message as
 * {@code dead-letter-reason} (SmallRye's dead-letter-queue failure strategy), and the consumer
 * moves on.
 */
public final class IncomingLifecycleEvents {

    private IncomingLifecycleEvents() {
    }

    public static EventEnvelope<LifecycleEvent> decode(Message<byte[]> message) {
        var metadata = message.getMetadata(IncomingKafkaRecordMetadata.class);
        var headers = metadata.map(m -> m.getHeaders()).orElseGet(RecordHeaders::new);
        byte[] value = message.getPayload();
        if (value == null) {
            throw new InvalidEventException("record has no value");
        }
        return LifecycleRecordCodec.decode(headers, value);
    }
}
