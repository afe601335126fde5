package pw.fullstack.ephemeral.allocator.vault;

import java.util.concurrent.atomic.AtomicInteger;
import pw.fullstack.ephemeral.allocator.allocation.AllocationMap;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.allocation.AllocationStore;
import pw.fullstack.ephemeral.allocator.allocation.ClusterRecord;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.kv.Versioned;

/**
 * The Vault store with a hook after every successful write: a test makes the process "crash" there
 * (the hook throws) or pauses it there to let another instance act in the window.
 */
final class InterruptibleStore implements AllocationStore {

    /** What runs after the n-th successful write (1-based) of this store; {@code document} names it. */
    interface AfterWrite {
        void after(int n, String document);
    }

    static final class Crash extends RuntimeException {
        Crash(int n, String document) {
            super("crash after write " + n + " (" + document + ")");
        }
    }

    private final AllocationStore delegate;
    private final AfterWrite hook;
    private final AtomicInteger writes = new AtomicInteger();

    InterruptibleStore(AllocationStore delegate, AfterWrite hook) {
        this.delegate = delegate;
        this.hook = hook;
    }

    /** A store that throws {@link Crash} right after its {@code n}-th successful write. */
    static InterruptibleStore crashingAfter(AllocationStore delegate, int n) {
        return new InterruptibleStore(delegate, (count, document) -> {
            if (count == n) {
                throw new Crash(count, document);
            }
        });
    }

    int writes() {
        return writes.get();
    }

    @Override
    public Versioned<AllocationMap> readMap() {
        return delegate.readMap();
    }

    @Override
    public boolean writeMap(AllocationMap map, int expectedVersion) {
        return after(delegate.writeMap(map, expectedVersion), "map");
    }

    @Override
    public Versioned<AllocationQueue> readQueue() {
        return delegate.readQueue();
    }

    @Override
    public boolean writeQueue(AllocationQueue queue, int expectedVersion) {
        return after(delegate.writeQueue(queue, expectedVersion), "queue");
    }

    @Override
    public Versioned<ClusterRecord> readCluster(ClusterName cluster) {
        return delegate.readCluster(cluster);
    }

    @Override
    public boolean writeCluster(ClusterRecord record, int expectedVersion) {
        return after(delegate.writeCluster(record, expectedVersion), "record " + record.cluster());
    }

    @Override
    public java.util.Optional<java.util.Set<ClusterName>> knownClusters() {
        return delegate.knownClusters();
    }

    private boolean after(boolean written, String document) {
        if (written) {
            hook.after(writes.incrementAndGet(), document);
        }
        return written;
    }
}
