package pw.fullstack.ephemeral.provisioner.reconcile;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the work on one cluster between the Kafka handler and the reconcile loop inside this
 * process, so a check-then-act on annotations (e.g. "teardown not yet requested") is not raced.
 * Nothing serialises work across processes: that is why the whole provisioner is leader-only, the Kafka
 * handler included (README, "Replicas").
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
