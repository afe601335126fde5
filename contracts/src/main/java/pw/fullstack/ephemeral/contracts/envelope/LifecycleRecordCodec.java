package pw.fullstack.ephemeral.contracts.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.time.OffsetDateTime;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.json.EventJson;

/**
 * Maps envelopes to Kafka records and back with the CloudEvents Kafka protocol binding in binary
 * mode: attributes in {@code ce_*} headers ({@code ce_type} carries the event type, so a consumer
 * can skip what it does not handle without parsing), {@code content-type} header, JSON data as the
 * value, cluster name as the key.
 */
public final class LifecycleRecordCodec {

    private LifecycleRecordCodec() {
    }

    /** A record for the lifecycle topic. */
    public static ProducerRecord<String, byte[]> encode(EventEnvelope<?> envelope) {
        return encode(LifecycleTopic.NAME, envelope);
    }

    public static ProducerRecord<String, byte[]> encode(String topic, EventEnvelope<?> envelope) {
        return KafkaMessageFactory.createWriter(topic, envelope.subject()).writeBinary(toCloudEvent(envelope));
    }

    public static CloudEvent toCloudEvent(EventEnvelope<?> envelope) {
        byte[] json;
        try {
            json = EventJson.mapper().writeValueAsBytes(envelope.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event records always serialise", e);
        }
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(envelope.id())
                .withSource(envelope.source())
                .withType(envelope.type().cloudEventType())
                .withSubject(envelope.subject())
                .withTime(envelope.time())
                .withDataContentType(EventEnvelope.DATA_CONTENT_TYPE)
                .withExtension(EventEnvelope.CORRELATION_ID, envelope.correlationId())
                .withData(json);
        if (envelope.causationId() != null) {
            builder.withExtension(EventEnvelope.CAUSATION_ID, envelope.causationId());
        }
        return builder.build();
    }

    /**
     * Reads a record's headers and value.
     *
     * @throws InvalidEventException with a reason fit for a dead-letter header when the record is
     *                               not a CloudEvent, not a lifecycle event type, or its data is invalid
     */
    public static EventEnvelope<LifecycleEvent> decode(Headers headers, byte[] value) {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(headers, value).toEvent();
        } catch (CloudEventRWException | IllegalStateException | IllegalArgumentException e) {
            throw new InvalidEventException("not a CloudEvent in binary mode: " + e.getMessage(), e);
        }
        return fromCloudEvent(event);
    }

    public static EventEnvelope<LifecycleEvent> fromCloudEvent(CloudEvent event) {
        if (event.getSpecVersion() != SpecVersion.V1) {
            throw new InvalidEventException("unsupported CloudEvents specversion " + event.getSpecVersion());
        }
        EventType type = EventType.fromCloudEventType(event.getType())
                .orElseThrow(() -> new InvalidEventException("unknown event type " + InvalidInputException.quote(event.getType())));
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.startsWith(EventEnvelope.DATA_CONTENT_TYPE)) {
            throw new InvalidEventException("data content type " + InvalidInputException.quote(contentType)
                    + " is not " + EventEnvelope.DATA_CONTENT_TYPE);
        }
        String correlationId = stringExtension(event, EventEnvelope.CORRELATION_ID);
        if (correlationId == null || correlationId.isBlank()) {
            throw new InvalidEventException("missing CloudEvents extension " + EventEnvelope.CORRELATION_ID);
        }
        if (event.getTime() == null) {
            throw new InvalidEventException("missing CloudEvents attribute time");
        }
        LifecycleEvent data = readData(type, event.getData());
        if (!data.clusterName().value().equals(event.getSubject())) {
            throw new InvalidEventException("subject " + InvalidInputException.quote(event.getSubject())
                    + " is not the event's cluster name " + data.clusterName());
        }
        OffsetDateTime time = event.getTime();
        return new EventEnvelope<>(event.getId(), event.getSource(), time, correlationId,
                stringExtension(event, EventEnvelope.CAUSATION_ID), data);
    }

    private static LifecycleEvent readData(EventType type, CloudEventData data) {
        if (data == null) {
            throw new InvalidEventException(type.eventName() + " has no data");
        }
        try {
            LifecycleEvent event = EventJson.mapper().readValue(data.toBytes(), type.eventClass());
            if (event == null) {
                throw new InvalidEventException(type.eventName() + " data is null");
            }
            return event;
        } catch (JsonMappingException e) {
            throw new InvalidEventException("invalid " + type.eventName() + ": " + reasonOf(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type.eventName() + " data is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidEventException(type.eventName() + " data could not be read: " + e.getMessage(), e);
        }
    }

    /** The validation message when a record constructor refused a value, else Jackson's own. */
    private static String reasonOf(JsonMappingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException invalid) {
                return invalid.getMessage();
            }
        }
        return e.getOriginalMessage() + " at " + e.getPathReference();
    }

    private static String stringExtension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

}
