package pw.fullstack.ephemeral.allocator.allocation;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import pw.fullstack.ephemeral.allocator.AllocatorConfig;
import pw.fullstack.ephemeral.allocator.metrics.AllocatorMetrics;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.allocator.vault.VaultAllocationStore;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;

@Singleton
public class EngineProducer {

    @Produces
    @Singleton
    AllocationEngine engine(VaultAllocationStore store, Pool pool, AllocatorConfig config,
                            LifecyclePublisher publisher, AllocatorMetrics metrics) {
        AllocatorConfig.Vault vault = config.vault();
        return new AllocationEngine(store, pool, new ClusterNaming(config.dnsDomain(), config.homeOwner()),
                publisher::publishAndAwait, metrics, Clock.systemUTC(), vault.casDeadline(),
                vault.casInitialBackoff(), vault.casMaxBackoff());
    }
}
