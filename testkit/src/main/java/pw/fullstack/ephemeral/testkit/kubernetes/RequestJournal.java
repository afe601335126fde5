package pw.fullstack.ephemeral.testkit.kubernetes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Every mutating request (create, update, patch, delete) that reached a {@link MockKubernetesCluster},
 * in arrival order, whatever its outcome (the latest 100,000). Take a {@link Mark} before the part of a test that matters
 * and ask what came after it:
 *
 * <pre>{@code
 * RequestJournal.Mark before = tools.journal().mark();
 * replayTheTopic();
 * assertThat(tools.journal().countSince(before, e -> e.isWrite() && e.inGroup("cluster.x-k8s.io"))).isZero();
 * }</pre>
 */
public final class RequestJournal {

    /** A point in the journal; entries after it are those with a higher sequence number. */
    public record Mark(long sequence) {
    }

    /** The verbs the journal records. */
    public enum Verb { CREATE, UPDATE, PATCH, DELETE }

    /**
     * One request.
     *
     * @param group       empty for the core group
     * @param resource    the plural, e.g. {@code clusters}
     * @param kind        the kind when the server knows the resource, else null
     * @param namespace   null for cluster-scoped requests
     * @param name        the object's name (from the path, or the body of a create); null for collections
     * @param subresource e.g. {@code status}, or null
     * @param status      the HTTP status the server answered
     */
    public record Entry(long sequence, Instant at, Verb verb, String group, String version, String resource, String kind,
                        String namespace, String name, String subresource, int status) {

        /** Create, update or patch (anything but delete). */
        public boolean isWrite() {
            return verb != Verb.DELETE;
        }

        public boolean inGroup(String apiGroup) {
            return group.equals(apiGroup);
        }

        /** 2xx: the server stored (or deleted) something. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + version + " " + resource
                    + (subresource == null ? "" : "/" + subresource) + " " + (namespace == null ? "" : namespace + "/")
                    + (name == null ? "" : name) + " -> " + status;
        }
    }

    /** A long-running sandbox must not grow without bound; the oldest entries go first. */
    static final int CAPACITY = 100_000;

    private final AtomicLong sequence = new AtomicLong();
    private final java.util.ArrayDeque<Entry> entries = new java.util.ArrayDeque<>();

    synchronized void record(Verb verb, String group, String version, String resource, String kind, String namespace,
                             String name, String subresource, int status) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(sequence.incrementAndGet(), Instant.now(), verb, group, version, resource, kind, namespace,
                name, subresource, status));
    }

    /** The current end of the journal. */
    public synchronized Mark mark() {
        return new Mark(sequence.get());
    }

    public synchronized List<Entry> all() {
        return List.copyOf(entries);
    }

    public synchronized List<Entry> since(Mark mark) {
        return entries.stream().filter(e -> e.sequence() > mark.sequence()).toList();
    }

    public synchronized List<Entry> since(Mark mark, Predicate<Entry> filter) {
        return entries.stream().filter(e -> e.sequence() > mark.sequence()).filter(filter).toList();
    }

    public long countSince(Mark mark, Predicate<Entry> filter) {
        return since(mark, filter).size();
    }

    synchronized void clear() {
        entries.clear();
    }

    @Override
    public synchronized String toString() {
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add(e.toString()));
        return String.join("\n", lines);
    }
}
