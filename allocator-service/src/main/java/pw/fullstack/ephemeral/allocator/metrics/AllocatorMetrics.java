package pw.fullstack.ephemeral.allocator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import pw.fullstack.ephemeral.allocator.allocation.AllocationMap;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.allocation.EngineListener;
import pw.fullstack.ephemeral.allocator.pool.Pool;

/**
 * Micrometer meters (Prometheus names in brackets): {@code allocator.pool.size}
 * [allocator_pool_size], {@code allocator.pool.free} [allocator_pool_free], {@code allocator.queue.length}
 * [allocator_queue_length], {@code allocator.allocation.latency} [allocator_allocation_latency_seconds],
 * {@code allocator.cas.conflicts} [allocator_cas_conflicts_total, tag document]. Free and queued are
 * the last values this instance read from Vault.
 */
@Singleton
public class AllocatorMetrics implements EngineListener {

    private final Pool pool;
    private final MeterRegistry registry;
    private final AtomicInteger free;
    private final AtomicInteger queued = new AtomicInteger();
    private final Timer latency;

    public AllocatorMetrics(Pool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
        this.free = new AtomicInteger(pool.capacity());
        Gauge.builder("allocator.pool.size", pool, Pool::capacity)
                .description("clusters the pool can hold at once").register(registry);
        Gauge.builder("allocator.pool.free", free, AtomicInteger::get)
                .description("free blocks, as last read from Vault").register(registry);
        Gauge.builder("allocator.queue.length", queued, AtomicInteger::get)
                .description("PRs waiting for a block, as last read from Vault").register(registry);
        this.latency = Timer.builder("allocator.allocation.latency")
                .description("PrOpened (or queue promotion) handled to IpAllocated acknowledged")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    @Override
    public void casConflict(String document) {
        Counter.builder("allocator.cas.conflicts").tag("document", document)
                .description("check-and-set writes refused because the document had changed")
                .register(registry).increment();
    }

    @Override
    public void allocated(Duration duration) {
        latency.record(duration);
    }

    @Override
    public void observed(AllocationMap map) {
        free.set(pool.freeBlocks(map::isTaken));
    }

    @Override
    public void observed(AllocationQueue queue) {
        queued.set(queue.size());
    }
}
