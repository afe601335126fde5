package pw.fullstack.ephemeral.console.feed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import pw.fullstack.ephemeral.console.readmodel.DeadLetter;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/** What the console reads from a record of the lifecycle topic or of a dead-letter topic. */
public final class TopicRecords {

    /** SmallRye's dead-letter-queue failure strategy's header with the nack's reason. */
    static final String REASON = "dead-letter-reason";
    /** A reason longer than this is cut: it is for people to read on a page. */
    static final int MAX_REASON = 500;

    private TopicRecords() {
    }

    /** A dead-letter topic, {@code ephemeral.cluster-lifecycle.<service>.dlq}. */
    public static boolean isDeadLetterTopic(String topic) {
        return topic.startsWith(LifecycleTopic.NAME + ".") && topic.endsWith(LifecycleTopic.DEAD_LETTER_SUFFIX)
                && topic.length() > LifecycleTopic.NAME.length() + 1 + LifecycleTopic.DEAD_LETTER_SUFFIX.length();
    }

    /** The event, or empty for a record that is not a valid lifecycle event (the services dead-letter it). */
    public static Optional<EventEnvelope<LifecycleEvent>> event(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LifecycleRecordCodec.decode(record.headers(), record.value()));
        } catch (InvalidEventException e) {
            return Optional.empty();
        }
    }

    public static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        String service = topic.substring(LifecycleTopic.NAME.length() + 1, topic.length() - LifecycleTopic.DEAD_LETTER_SUFFIX.length());
        String type = header(record.headers(), "ce_type");
        if (type != null && type.startsWith(EventType.PREFIX)) {
            type = type.substring(EventType.PREFIX.length());
        }
        String reason = header(record.headers(), REASON);
        if (reason != null && reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON) + "...";
        }
        return new DeadLetter(service, topic, record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                record.key(), type, header(record.headers(), "ce_id"), reason == null ? "(no reason given)" : reason);
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
