package pw.fullstack.ephemeral.allocator.allocation;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import pw.fullstack.ephemeral.allocator.AllocatorConfig;
import pw.fullstack.ephemeral.allocator.metrics.AllocatorMetrics;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.allocator.vault.VaultAllocationStore;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.messaging.retention.ReplayableTopics;

@Singleton
public class EngineProducer {

    @Produces
    @Singleton
    AllocationEngine engine(VaultAllocationStore store, Pool pool, AllocatorConfig config,
                            LifecyclePublisher publisher, AllocatorMetrics metrics, ReplayableTopics topics) {
        AllocatorConfig.Vault vault = config.vault();
        return new AllocationEngine(store, pool, new Limits(config.limits().perRepository(), config.limits().queueLength()),
                config.naming(), publisher::publishAndAwait, metrics,
                Clock.systemUTC(), () -> topics.dropTombstonesAfter(config.tombstoneRetention()),
                new AllocationEngine.CasPolicy(vault.casDeadline(), vault.casInitialBackoff(), vault.casMaxBackoff()));
    }
}
