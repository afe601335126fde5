package pw.fullstack.ephemeral.bridge.redelivery;

import pw.fullstack.ephemeral.bridge.NewestEntries;

/**
 * The attempt this instance last asked GitHub to redeliver, per event (guid): while GitHub's log
 * shows that attempt as the event's latest, the redelivery is pending and not asked for again. The
 * newest {@code bridge.remembered-deliveries}, in memory; after a restart, GitHub's log of
 * redeliveries (counted against {@code max-redeliveries}) bounds what is asked again.
 */
public final class RequestedRedeliveries {

    private final NewestEntries<String, Long> attempts;

    public RequestedRedeliveries(int capacity) {
        this.attempts = new NewestEntries<>(capacity);
    }

    public void requested(String guid, long attemptId) {
        attempts.put(guid, attemptId);
    }

    public boolean requested(String guid, Long attemptId) {
        return attempts.get(guid).filter(attemptId::equals).isPresent();
    }
}
