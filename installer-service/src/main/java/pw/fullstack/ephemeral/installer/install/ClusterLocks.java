package pw.fullstack.ephemeral.installer.install;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises the work on one cluster between the Kafka handler and the reconcile loop inside this
 * process. Across processes nothing does: run one replica (see README).
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
