package pw.fullstack.ephemeral.notifier.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * A PR's events not yet written to GitHub, each with its Kafka record (unacknowledged until the state
 * it implies is on GitHub), and how the last attempts went. Updates coalesce: one write covers every
 * event pending at the time. Thread-safe.
 */
final class PendingPr {

    /** One event; {@code message} is null once its record went to the dead-letter topic (the event is still written). */
    record Entry(EventEnvelope<LifecycleEvent> envelope, Message<?> message) {
    }

    final String clusterName;
    final String repository;
    final int number;
    private final List<Entry> entries = new ArrayList<>();
    private int attempts;
    private Instant failingSince;
    private String lastError;
    private boolean exhausted;
    private Instant retryAt = Instant.MIN;

    PendingPr(String clusterName, String repository, int number) {
        this.clusterName = clusterName;
        this.repository = repository;
        this.number = number;
    }

    synchronized void add(Entry entry) {
        entries.add(entry);
    }

    synchronized List<Entry> snapshot() {
        return List.copyOf(entries);
    }

    synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    synchronized int size() {
        return entries.size();
    }

    /** The batch is on GitHub (or given up): drop it and reset the failure count. */
    synchronized void done(List<Entry> batch) {
        entries.removeAll(batch);
        attempts = 0;
        failingSince = null;
        lastError = null;
        exhausted = false;
        retryAt = Instant.MIN;
    }

    /** Counts a failed attempt; returns the attempt number. */
    synchronized int failed(String error, Instant now) {
        attempts++;
        if (failingSince == null) {
            failingSince = now;
        }
        lastError = error;
        return attempts;
    }

    /** The records of the batch went to the dead-letter topic; their events stay and are still written. */
    synchronized void deadLettered(List<Entry> batch) {
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (batch.contains(entry) && entry.message() != null) {
                entries.set(i, new Entry(entry.envelope(), null));
            }
        }
        exhausted = true;
    }

    /** New events do not cut a backoff short: the PR is written again only when its retry is due. */
    synchronized void retryAt(Instant at) {
        retryAt = at;
    }

    synchronized boolean waitingUntil(Instant now) {
        return retryAt.isAfter(now);
    }

    synchronized int attempts() {
        return attempts;
    }

    synchronized Instant failingSince() {
        return failingSince;
    }

    synchronized String lastError() {
        return lastError;
    }

    /** Its attempts ran out: records were dead-lettered and the newest state is retried at the slowest pace. */
    synchronized boolean exhausted() {
        return exhausted;
    }
}
