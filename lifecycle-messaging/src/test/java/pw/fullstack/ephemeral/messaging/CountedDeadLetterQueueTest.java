package pw.fullstack.ephemeral.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;

/** What lifecycle_dead_lettered_total counts: records the dead-letter queue wrote, by why they were refused. */
class CountedDeadLetterQueueTest {

    private static final String TOPIC = "ephemeral.cluster-lifecycle.reaper.dlq";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Throwable> written = new ArrayList<>();
    private boolean brokerDown;

    private final KafkaFailureHandler deadLetterQueue = new KafkaFailureHandler() {
        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            if (brokerDown) {
                return Uni.createFrom().failure(new IllegalStateException("dead-letter topic not acknowledged"));
            }
            written.add(reason);
            return Uni.createFrom().voidItem();
        }
    };

    private final KafkaFailureHandler counted = new CountedDeadLetterQueue(null, registry).counting(deadLetterQueue, TOPIC);

    @Test
    void everyReasonHasASeriesAtZeroBeforeAnythingIsDeadLettered() {
        assertThat(registry.find(CountedDeadLetterQueue.METRIC).tag("topic", TOPIC).counters())
                .extracting(c -> c.getId().getTag("reason")).containsExactlyInAnyOrder("invalid", "refused", "other");
        assertThat(registry.find(CountedDeadLetterQueue.METRIC).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void countsEachRecordTheDeadLetterQueueWroteByWhyItWasRefused() {
        counted.handle(null, new RefusedEventException("pr-demo-7 is not the name of fullstack-pw/demo#8"), Metadata.empty()).await().indefinitely();
        counted.handle(null, new InvalidEventException("record has no value"), Metadata.empty()).await().indefinitely();
        counted.handle(null, new RefusedEventException("a namespace this system did not create"), Metadata.empty()).await().indefinitely();

        assertThat(written).hasSize(3);
        assertThat(count("refused")).isEqualTo(2);
        assertThat(count("invalid")).isEqualTo(1);
        assertThat(count("other")).isZero();
    }

    @Test
    void aRecordTheDeadLetterTopicDidNotTakeIsNotCounted() {
        brokerDown = true;

        assertThatThrownBy(() -> counted.handle(null, new RefusedEventException("refused"), Metadata.empty()).await().indefinitely())
                .hasMessageContaining("not acknowledged");
        assertThat(count("refused")).isZero();
    }

    private double count(String reason) {
        return registry.get(CountedDeadLetterQueue.METRIC).tag("topic", TOPIC).tag("reason", reason).counter().count();
    }
}
