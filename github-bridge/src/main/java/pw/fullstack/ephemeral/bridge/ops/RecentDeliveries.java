package pw.fullstack.ephemeral.bridge.ops;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import pw.fullstack.ephemeral.bridge.BridgeConfig;

/**
 * The last deliveries this instance answered, newest first, for {@code GET /deliveries}: the
 * answer to "did the bridge see my PR, and what did it do with it?" without searching logs. Kept in
 * memory only (diagnostics, not state: GitHub's own delivery log is the record).
 */
@Singleton
public class RecentDeliveries {

    /**
     * @param deliveryId {@code X-GitHub-Delivery}, when it was a valid one
     * @param event      GitHub's event name, when valid
     * @param action     the payload's action or dispatch type, when it looked like a name
     * @param pullRequest {@code owner/name#number} of a published event
     * @param eventType  the lifecycle event published
     * @param eventId    its id
     * @param cluster    its cluster name
     * @param acknowledgedLate answered 503, but the broker acknowledged the event afterwards: it was published
     */
    public record Entry(Instant at, String deliveryId, String event, String action, String outcome, int status,
                        String message, String pullRequest, String eventType, String eventId, String cluster,
                        boolean acknowledgedLate) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public RecentDeliveries(BridgeConfig config) {
        this.capacity = Math.max(0, config.recentDeliveries());
    }

    public synchronized void add(Entry entry) {
        if (capacity == 0) {
            return;
        }
        entries.addFirst(entry);
        while (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    /** The broker acknowledged the event of a delivery already answered 503 (the producer kept trying). */
    public synchronized void acknowledgedLate(String deliveryId, String eventId) {
        List<Entry> marked = entries.stream().map(e -> eventId.equals(e.eventId()) && deliveryId.equals(e.deliveryId())
                ? new Entry(e.at(), e.deliveryId(), e.event(), e.action(), e.outcome(), e.status(), e.message(),
                        e.pullRequest(), e.eventType(), e.eventId(), e.cluster(), true)
                : e).toList();
        entries.clear();
        entries.addAll(marked);
    }

    public synchronized List<Entry> newestFirst() {
        return new ArrayList<>(entries);
    }
}
