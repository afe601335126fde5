package pw.fullstack.ephemeral.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;

/**
 * The failure strategy {@value #STRATEGY}: SmallRye's dead-letter queue (same settings, same topic, same
 * {@code dead-letter-reason} header), plus a count of the records it wrote —
 * {@code lifecycle.dead.lettered} [lifecycle_dead_lettered_total{topic, reason}], reason one of
 * {@link Reason}. Every series exists from the channel's start, at zero, so an alert on its increase sees the
 * first dead-lettered record too (Prometheus' {@code increase} cannot see a series' first sample).
 */
@ApplicationScoped
@Unremovable
@Identifier(CountedDeadLetterQueue.STRATEGY)
public class CountedDeadLetterQueue implements KafkaFailureHandler.Factory {

    public static final String STRATEGY = "counted-dead-letter-queue";
    public static final String METRIC = "lifecycle.dead.lettered";

    /** Why a record was dead-lettered, as few values as there are answers to it. */
    public enum Reason {
        /** Not a valid lifecycle event (InvalidEventException, InvalidInputException): fix the producer. */
        INVALID("invalid"),
        /** A valid event the handler refused (RefusedEventException): read the reason, decide. */
        REFUSED("refused"),
        /** Anything else the service gave up on (e.g. the notifier's GitHub update after its last attempt). */
        OTHER("other");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        public static Reason of(Throwable failure) {
            if (failure instanceof InvalidEventException || failure instanceof InvalidInputException) {
                return INVALID;
            }
            return failure instanceof RefusedEventException ? REFUSED : OTHER;
        }
    }

    @Inject
    @Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE)
    KafkaFailureHandler.Factory deadLetterQueue;

    @Inject
    MeterRegistry registry;

    public CountedDeadLetterQueue() {
    }

    CountedDeadLetterQueue(KafkaFailureHandler.Factory deadLetterQueue, MeterRegistry registry) {
        this.deadLetterQueue = deadLetterQueue;
        this.registry = registry;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
                                      BiConsumer<Throwable, Boolean> reportFailure) {
        // SmallRye's own default for a dead-letter topic that is not configured.
        String topic = config.getDeadLetterQueueTopic().orElse("dead-letter-topic-" + config.getChannel());
        return counting(deadLetterQueue.create(config, vertx, consumer, reportFailure), topic);
    }

    KafkaFailureHandler counting(KafkaFailureHandler delegate, String topic) {
        List<Counter> counters = java.util.Arrays.stream(Reason.values()).map(reason -> Counter.builder(METRIC)
                .description("records this service wrote to its dead-letter topic")
                .tag("topic", topic).tag("reason", reason.tag()).register(registry)).toList();
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return delegate.handle(record, reason, metadata).invoke(() -> counters.get(Reason.of(reason).ordinal()).increment());
            }

            @Override
            public void terminate() {
                delegate.terminate();
            }
        };
    }
}
