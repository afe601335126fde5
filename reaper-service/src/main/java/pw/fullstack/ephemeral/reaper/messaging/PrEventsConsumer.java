package pw.fullstack.ephemeral.reaper.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.messaging.IncomingLifecycleEvents;
import pw.fullstack.ephemeral.reaper.ReaperConfig;
import pw.fullstack.ephemeral.reaper.health.ReaperHealth;
import pw.fullstack.ephemeral.reaper.history.HistoryRecorder;

/**
 * The {@value #CHANNEL} channel (group {@code reaper}): PrOpened and PrClosed are recorded in the
 * PR's history in Vault; every other type is acknowledged and ignored (the pass reads what it needs
 * from the tools cluster and Vault).
 *
 * <ul>
 *   <li>not a valid lifecycle event, or a cluster name that is not what the naming rules derive for
 *       the PR → nack → {@code ephemeral.cluster-lifecycle.reaper.dlq} with the reason;</li>
 *   <li>Vault unavailable → the same event is retried with jittered backoff, never dead-lettered
 *       (a lost close would keep a cluster until its maximum lifetime), readiness DOWN meanwhile.
 *       The handler runs on a worker thread while SmallRye keeps polling, and the offset is
 *       committed only after the ack (throttled strategy), as in the allocator.</li>
 * </ul>
 */
@ApplicationScoped
public class PrEventsConsumer {

    public static final String CHANNEL = "lifecycle";
    private static final Logger LOG = Logger.getLogger(PrEventsConsumer.class);

    @Inject
    HistoryRecorder recorder;

    @Inject
    ClusterNaming naming;

    @Inject
    ReaperConfig config;

    @Inject
    ReaperHealth health;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        EventEnvelope<LifecycleEvent> envelope;
        try {
            envelope = IncomingLifecycleEvents.decode(message);
            LifecycleEvent event = envelope.data();
            if (!(event instanceof PrOpened || event instanceof PrClosed)) {
                return message.ack();
            }
            if (!naming.isNameOf(event.clusterName(), event.pullRequest())) {
                throw new InvalidEventException("cluster name " + event.clusterName() + " is not the name of "
                        + event.pullRequest() + " (" + naming.clusterName(event.pullRequest()) + ")");
            }
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering an invalid record: %s", e.getMessage());
            return message.nack(e);
        }
        long backoff = config.retry().initialBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                apply(envelope);
                health.handlerRecovered();
                return message.ack();
            } catch (RuntimeException e) {
                health.handlerFailing(e.getMessage());
                LOG.warnf("%s %s for %s not recorded (attempt %d), retrying: %s", envelope.type().eventName(), envelope.id(),
                        envelope.subject(), attempt, e.toString());
            }
            LockSupport.parkNanos(Duration.ofMillis(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1)).toNanos());
            backoff = Math.min(config.retry().maxBackoff().toMillis(), backoff * 2);
        }
    }

    private void apply(EventEnvelope<LifecycleEvent> envelope) {
        String cluster = envelope.subject();
        if (envelope.data() instanceof PrOpened opened) {
            boolean changed = recorder.record(cluster, h -> h.opened(opened.pullRequest().toString(), opened.openedAt(),
                    envelope.id()));
            LOG.debugf("%s: PrOpened %s (openedAt %s) %s", cluster, envelope.id(), opened.openedAt(),
                    changed ? "recorded" : "already known");
        } else if (envelope.data() instanceof PrClosed closed) {
            boolean changed = recorder.record(cluster, h -> h.closed(closed.pullRequest().toString(), closed.closedAt(),
                    closed.merged(), envelope.id()));
            if (changed) {
                LOG.infof("%s: PR %s closed at %s (event %s): grace period starts", cluster, closed.pullRequest(),
                        closed.closedAt(), envelope.id());
            }
        }
    }
}
