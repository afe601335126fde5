package pw.fullstack.ephemeral.contracts.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pw.fullstack.ephemeral.contracts.SampleEvents;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrOpened;

class LifecycleRecordCodecTest {

    private static final URI BRIDGE = URI.create("/ephemeral-clusters/github-bridge");
    private static final URI ALLOCATOR = URI.create("/ephemeral-clusters/allocator");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventSurvivesTheKafkaBinding(EventType type) {
        EventEnvelope<LifecycleEvent> sent = EventEnvelope.start(BRIDGE, SampleEvents.of(type));

        ProducerRecord<String, byte[]> record = LifecycleRecordCodec.encode(sent);
        EventEnvelope<LifecycleEvent> received = LifecycleRecordCodec.decode(record.headers(), record.value());

        assertThat(received).isEqualTo(sent);
    }

    @Test
    void usesBinaryModeCeHeadersAndTheClusterNameAsKey() {
        EventEnvelope<?> opened = EventEnvelope.start(BRIDGE, SampleEvents.of(EventType.PR_OPENED));
        EventEnvelope<?> allocated = EventEnvelope.causedBy(opened, ALLOCATOR, SampleEvents.of(EventType.IP_ALLOCATED));

        ProducerRecord<String, byte[]> record = LifecycleRecordCodec.encode(allocated);
        Map<String, String> headers = headers(record.headers());

        assertThat(record.topic()).isEqualTo("ephemeral.cluster-lifecycle");
        assertThat(record.key()).isEqualTo("pr-cksbackend-42");
        assertThat(headers)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "pw.fullstack.ephemeral.IpAllocated")
                .containsEntry("ce_source", "/ephemeral-clusters/allocator")
                .containsEntry("ce_subject", "pr-cksbackend-42")
                .containsEntry("ce_id", allocated.id())
                .containsEntry("ce_correlationid", opened.id())
                .containsEntry("ce_causationid", opened.id())
                .containsEntry("content-type", "application/json")
                .containsKey("ce_time");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("{\"pullRequest\"");
    }

    @Test
    void carriesTheSagaRunFromCauseToEffect() {
        EventEnvelope<PrOpened> opened = EventEnvelope.start(BRIDGE, (PrOpened) SampleEvents.of(EventType.PR_OPENED));
        EventEnvelope<IpAllocated> allocated =
                EventEnvelope.causedBy(opened, ALLOCATOR, (IpAllocated) SampleEvents.of(EventType.IP_ALLOCATED));
        EventEnvelope<ClusterReady> ready = EventEnvelope.causedBy(allocated, URI.create("/ephemeral-clusters/provisioner"),
                (ClusterReady) SampleEvents.of(EventType.CLUSTER_READY));

        assertThat(opened.correlationId()).isEqualTo(opened.id());
        assertThat(opened.causationId()).isNull();
        assertThat(ready.correlationId()).isEqualTo(opened.id());
        assertThat(ready.causationId()).isEqualTo(allocated.id());
    }

    @Test
    void givesTheSameIdWhenTheSameCauseIsHandledTwice() {
        EventEnvelope<?> opened = EventEnvelope.start(BRIDGE, SampleEvents.of(EventType.PR_OPENED));
        EventEnvelope<?> first = EventEnvelope.causedBy(opened, ALLOCATOR, SampleEvents.of(EventType.IP_ALLOCATED));
        EventEnvelope<?> again = EventEnvelope.causedBy(opened, ALLOCATOR, SampleEvents.of(EventType.IP_ALLOCATED));
        EventEnvelope<?> other = EventEnvelope.causedBy(opened, ALLOCATOR, SampleEvents.of(EventType.ALLOCATION_QUEUED));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.id()).isNotEqualTo(first.id());
    }

    @Test
    void refusesARecordWithoutCloudEventsHeaders() {
        assertThatThrownBy(() -> LifecycleRecordCodec.decode(new RecordHeaders(), "{}".getBytes()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not a CloudEvent");
    }

    @Test
    void refusesAnUnknownEventType() {
        ProducerRecord<String, byte[]> record = sample();
        replace(record.headers(), "ce_type", "com.example.Unrelated");

        assertThatThrownBy(() -> LifecycleRecordCodec.decode(record.headers(), record.value()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("unknown event type \"com.example.Unrelated\"");
    }

    @Test
    void refusesDataThatIsNotJson() {
        ProducerRecord<String, byte[]> record = sample();

        assertThatThrownBy(() -> LifecycleRecordCodec.decode(record.headers(), "not json {".getBytes()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("PrOpened data is not JSON");
    }

    @Test
    void refusesDataThatFailsValidationAndSaysWhichField() {
        ProducerRecord<String, byte[]> record = sample();
        String hostile = new String(record.value(), StandardCharsets.UTF_8)
                .replace("feature/login-form", "x\\n  kind: Secret");

        assertThatThrownBy(() -> LifecycleRecordCodec.decode(record.headers(), hostile.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("invalid PrOpened: branch:");
    }

    @Test
    void refusesASubjectThatIsNotTheEventsCluster() {
        ProducerRecord<String, byte[]> record = sample();
        replace(record.headers(), "ce_subject", "pr-someoneelse-1");

        assertThatThrownBy(() -> LifecycleRecordCodec.decode(record.headers(), record.value()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("is not the event's cluster name");
    }

    @Test
    void refusesAnEventOutsideAnySagaRun() {
        ProducerRecord<String, byte[]> record = sample();
        record.headers().remove("ce_correlationid");

        assertThatThrownBy(() -> LifecycleRecordCodec.decode(record.headers(), record.value()))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("missing CloudEvents extension correlationid");
    }

    @Test
    void namesOneDeadLetterTopicPerService() {
        assertThat(LifecycleTopic.deadLetterTopic("allocator")).isEqualTo("ephemeral.cluster-lifecycle.allocator.dlq");
        assertThatThrownBy(() -> LifecycleTopic.deadLetterTopic("Bad Name")).hasMessageContaining("service name");
    }

    private static ProducerRecord<String, byte[]> sample() {
        return LifecycleRecordCodec.encode(EventEnvelope.start(BRIDGE, SampleEvents.of(EventType.PR_OPENED)));
    }

    private static void replace(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> map = new HashMap<>();
        for (Header header : headers) {
            map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return map;
    }
}
