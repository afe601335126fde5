package pw.fullstack.ephemeral.contracts.envelope;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * One lifecycle event with its CloudEvents 1.0 attributes and the saga's two extensions.
 *
 * @param id            unique per event; idempotent consumers de-duplicate on it
 * @param source        the emitting service, e.g. {@code /ephemeral-clusters/allocator}
 * @param time          when it happened
 * @param correlationId the saga run: the id of the PrOpened that started it
 * @param causationId   the id of the event this one reacts to; null for a saga's first event
 * @param data          the event; its type gives {@code type}, its cluster name gives {@code subject}
 */
public record EventEnvelope<E extends LifecycleEvent>(String id, URI source, OffsetDateTime time,
                                                      String correlationId, String causationId, E data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";
    public static final String CORRELATION_ID = "correlationid";
    public static final String CAUSATION_ID = "causationid";

    public EventEnvelope {
        requireText("id", id);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        requireText(CORRELATION_ID, correlationId);
        Objects.requireNonNull(data, "data");
    }

    /** Starts a saga run: the event's own id becomes the correlation id. */
    public static <E extends LifecycleEvent> EventEnvelope<E> start(URI source, E data) {
        String id = UUID.randomUUID().toString();
        return new EventEnvelope<>(id, source, now(), id, null, data);
    }

    /**
     * An event emitted in reaction to {@code cause}, in the same saga run. Its id is derived from
     * the cause's id, the type and the subject, so handling the same cause twice (a redelivery after
     * a crash, an ops replay) emits the same id twice, which consumers drop.
     */
    public static <E extends LifecycleEvent> EventEnvelope<E> causedBy(EventEnvelope<?> cause, URI source, E data) {
        return causedBy(cause.id(), cause.correlationId(), source, data);
    }

    /**
     * The same, for a cause known only by its id and saga run (e.g. kept in Vault or annotated on a
     * cluster): a reconcile loop after a restart derives the very id the Kafka handler would have.
     */
    public static <E extends LifecycleEvent> EventEnvelope<E> causedBy(String causeId, String correlationId, URI source,
                                                                      E data) {
        return new EventEnvelope<>(derivedId(causeId, data), source, now(), correlationId, causeId, data);
    }

    /** An event in an existing saga run not caused by one event (e.g. a timer): random id. */
    public static <E extends LifecycleEvent> EventEnvelope<E> inSaga(String correlationId, URI source, E data) {
        return new EventEnvelope<>(UUID.randomUUID().toString(), source, now(), correlationId, null, data);
    }

    public EventType type() {
        return data.type();
    }

    /** CloudEvents {@code subject}: the cluster name, also the Kafka record key. */
    public String subject() {
        return data.clusterName().value();
    }

    private static String derivedId(String causeId, LifecycleEvent data) {
        String seed = causeId + "|" + data.type().eventName() + "|" + data.clusterName().value();
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
