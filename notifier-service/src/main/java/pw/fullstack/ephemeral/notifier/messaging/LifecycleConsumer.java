package pw.fullstack.ephemeral.notifier.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.messaging.IncomingLifecycleEvents;
import pw.fullstack.ephemeral.notifier.NotifierConfig;
import pw.fullstack.ephemeral.notifier.sync.PrUpdates;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;

/**
 * The {@code lifecycle} channel (group {@code notifier}). It never waits for GitHub: a valid event is
 * handed to {@link PrUpdates} and the method returns at once; the record is acknowledged (or
 * dead-lettered) later, when its PR was written. So the consumer keeps polling, whatever GitHub does.
 *
 * <ul>
 *   <li>not a valid lifecycle event, or a cluster name that is not the name {@code ClusterNaming}
 *       derives for the event's PR: dead-letter topic {@code ephemeral.cluster-lifecycle.notifier.dlq}
 *       with the reason;</li>
 *   <li>a lifecycle type this notifier does not know (a newer producer's): acknowledged and ignored;</li>
 *   <li>an event that never changes what a PR shows (IpReleased): acknowledged.</li>
 * </ul>
 */
@ApplicationScoped
public class LifecycleConsumer {

    private static final Logger LOG = Logger.getLogger(LifecycleConsumer.class);

    @Inject
    PrUpdates updates;

    @Inject
    NotifierConfig config;

    private volatile ClusterNaming naming;

    @Incoming("lifecycle")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        String type = header(message, "ce_type");
        if (type != null && type.startsWith(EventType.PREFIX) && EventType.fromCloudEventType(type).isEmpty()) {
            LOG.debugf("ignoring a %s: not a type this notifier knows", type);
            return message.ack();
        }
        EventEnvelope<LifecycleEvent> envelope;
        try {
            envelope = IncomingLifecycleEvents.decode(message);
        } catch (InvalidEventException | InvalidInputException e) {
            LOG.warnf("invalid lifecycle record sent to the dead-letter topic: %s", e.getMessage());
            return message.nack(e);
        }
        LifecycleEvent event = envelope.data();
        java.util.Optional<String> disagreement = naming().disagreement(event);
        if (disagreement.isPresent()) {
            InvalidEventException refused = new InvalidEventException(disagreement.get());
            LOG.warnf("%s %s refused: %s", envelope.type().eventName(), envelope.id(), refused.getMessage());
            return message.nack(refused);
        }
        if (!Timeline.shown(event)) {
            return message.ack();
        }
        updates.submit(envelope, message);
        return CompletableFuture.completedFuture(null);
    }

    private ClusterNaming naming() {
        ClusterNaming current = naming;
        if (current == null) {
            current = config.naming();
            naming = current;
        }
        return current;
    }

    private static String header(Message<byte[]> message, String name) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader(name))
                .map(Header::value)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
