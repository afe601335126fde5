package pw.fullstack.ephemeral.sandbox.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/** Every lifecycle record the sandbox's watch reads, duplicates included, in arrival order. */
final class EventLog {

    private final List<EventEnvelope<LifecycleEvent>> events = new CopyOnWriteArrayList<>();

    void accept(EventEnvelope<LifecycleEvent> envelope) {
        events.add(envelope);
    }

    /** Events of the type about the cluster, duplicates included. */
    List<EventEnvelope<LifecycleEvent>> of(String cluster, Class<? extends LifecycleEvent> type) {
        return events.stream().filter(e -> e.subject().equals(cluster) && type.isInstance(e.data())).toList();
    }

    long distinctIds(String cluster, Class<? extends LifecycleEvent> type) {
        return of(cluster, type).stream().map(EventEnvelope::id).distinct().count();
    }
}
