package pw.fullstack.ephemeral.console.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.console.readmodel.DeadLetter;
import pw.fullstack.ephemeral.console.readmodel.ReadModel;
import pw.fullstack.ephemeral.console.readmodel.Saga;
import pw.fullstack.ephemeral.console.readmodel.State;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * A recorded topic, as the services wrote it while it happened (three PRs, one reopened, a redelivered event, a
 * record that is no event, a dead letter), read live in the order it was written and then replayed partition by
 * partition, dead letters first, as a console starting later reads it: the same view.
 */
class RecordedTopicReplayTest {

    private static final Instant T0 = Saga.T0;
    private static final int PARTITIONS = 3;
    private final Map<String, Long> nextOffset = new HashMap<>();
    private final List<ConsumerRecord<String, byte[]>> written = new ArrayList<>();

    @Test
    void replayingTheRecordedTopicGivesTheViewTheConsoleHadLive() {
        Saga a = new Saga("fullstack-pw/demo-apps", 1, T0);
        Saga b = new Saga("fullstack-pw/cks-backend", 2, T0.plusSeconds(2));
        Saga c = new Saga("fullstack-pw/demo-apps", 3, T0.plusSeconds(3));
        write(a.opened);
        write(b.opened);
        write(a.allocated(T0.plusSeconds(1), "10.0.0.1", "10.0.0.2"));
        write(c.opened);
        write(c.queued(1, T0.plusSeconds(4)));
        EventEnvelope<LifecycleEvent> bAllocated = b.allocated(T0.plusSeconds(3), "10.0.0.3", "10.0.0.4");
        write(bAllocated);
        write(a.clusterReady(T0.plusSeconds(40), "10.0.0.1", "10.0.0.2"));
        write(bAllocated); // redelivered by a producer retry: same id
        writeRaw(LifecycleTopic.NAME, b.cluster.value(), "not a cloud event".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
        write(a.installed(T0.plusSeconds(70)));
        write(b.installFailed(T0.plusSeconds(80), "chart timed out"));
        write(a.closed(T0.plusSeconds(100)));
        write(a.expired(T0.plusSeconds(160)));
        write(a.destroyed(T0.plusSeconds(190), "10.0.0.1", "10.0.0.2"));
        write(a.released(T0.plusSeconds(191), "10.0.0.1", "10.0.0.2"));
        Saga aAgain = new Saga("fullstack-pw/demo-apps", 1, T0.plusSeconds(200));
        write(aAgain.opened);
        RecordHeaders deadHeaders = new RecordHeaders();
        deadHeaders.add("dead-letter-reason", "invalid ClusterReady: addresses needs at least one entry".getBytes(StandardCharsets.UTF_8));
        deadHeaders.add("ce_type", "pw.fullstack.ephemeral.ClusterReady".getBytes(StandardCharsets.UTF_8));
        writeRaw(LifecycleTopic.deadLetterTopic("installer"), b.cluster.value(), "{}".getBytes(StandardCharsets.UTF_8), deadHeaders);

        ReadModel live = fold(written);
        List<ConsumerRecord<String, byte[]>> replay = new ArrayList<>(written);
        replay.sort(Comparator.comparing((ConsumerRecord<String, byte[]> r) -> !TopicRecords.isDeadLetterTopic(r.topic()))
                .thenComparing(ConsumerRecord::partition).thenComparing(ConsumerRecord::offset));
        ReadModel replayed = fold(replay);

        assertThat(replay).isNotEqualTo(written);
        assertThat(replayed.environments()).isEqualTo(live.environments());
        for (Saga saga : List.of(a, b, c)) {
            assertThat(replayed.timeline(saga.cluster.value())).isEqualTo(live.timeline(saga.cluster.value()));
        }
        assertThat(replayed.lastEventAt()).isEqualTo(live.lastEventAt());
        // and the view is the one the story tells
        assertThat(live.environments()).extracting(e -> e.pullRequest().number() + " " + e.state())
                .containsExactly("1 OPENED", "3 QUEUED", "2 FAILED");
        assertThat(live.environment(b.cluster.value()).orElseThrow().deadLetters()).isEqualTo(1);
        assertThat(live.timeline(b.cluster.value()).orElseThrow().deadLetters()).extracting(DeadLetter::service, DeadLetter::eventType, DeadLetter::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("installer", "ClusterReady", "invalid ClusterReady: addresses needs at least one entry"));
        assertThat(live.timeline(a.cluster.value()).orElseThrow().runs()).hasSize(2);
        assertThat(live.environment(a.cluster.value()).map(e -> e.state())).isEqualTo(Optional.of(State.OPENED));
        assertThat(live.duplicates()).isEqualTo(1);
    }

    private static ReadModel fold(List<ConsumerRecord<String, byte[]>> records) {
        ReadModel model = new ReadModel();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (TopicRecords.isDeadLetterTopic(record.topic())) {
                model.apply(TopicRecords.deadLetter(record));
            } else {
                TopicRecords.event(record).ifPresent(model::apply);
            }
        }
        return model;
    }

    private void write(EventEnvelope<LifecycleEvent> envelope) {
        ProducerRecord<String, byte[]> record = LifecycleRecordCodec.encode(envelope);
        writeRaw(record.topic(), record.key(), record.value(), new RecordHeaders(record.headers().toArray()));
    }

    private void writeRaw(String topic, String key, byte[] value, RecordHeaders headers) {
        int partition = Math.floorMod(key.hashCode(), PARTITIONS);
        long offset = nextOffset.merge(topic + "/" + partition, 1L, Long::sum) - 1;
        written.add(new ConsumerRecord<>(topic, partition, offset, T0.plusSeconds(written.size()).toEpochMilli(),
                TimestampType.CREATE_TIME, -1, -1, key, value, headers, Optional.empty()));
    }
}
