package pw.fullstack.ephemeral.allocator.pool;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Builds the {@link Pool} once, eagerly, so an invalid configuration stops start-up. */
@Singleton
public class PoolProducer {

    private static final Logger LOG = Logger.getLogger(PoolProducer.class);

    @Produces
    @Singleton
    @Startup
    Pool pool(PoolConfig config) {
        Pool pool = Pool.from(config);
        LOG.infof("address pool: ranges %s, excluded %s, %d address(es) per cluster, capacity %d clusters",
                pool.ranges(), pool.excluded(), pool.addressesPerCluster(), pool.capacity());
        return pool;
    }
}
