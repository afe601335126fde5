package pw.fullstack.ephemeral.provisioner.reconcile;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the work on one cluster between the Kafka handler and the reconcile loop inside this
 * process, so a check-then-act on annotations (e.g. "teardown not yet requested") is not raced.
 * One replica per consumer group partition owner is the deployment model; the annotations and the
 * deterministic event ids make the rare cross-process overlap harmless.
 */
@ApplicationScoped
public class ClusterLocks {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T with(String cluster, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(cluster, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
