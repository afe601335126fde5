package pw.fullstack.ephemeral.allocator.pool;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The address pool, {@code allocator.pool.*}. Checked at start-up by {@link Pool#from(PoolConfig)}:
 * a bad value stops the service with a message naming the setting.
 */
@ConfigMapping(prefix = PoolConfig.PREFIX)
public interface PoolConfig {

    String PREFIX = "allocator.pool";

    /** Inclusive ranges {@code first-last} (or single addresses), comma separated; must not overlap. */
    @WithDefault("192.168.1.140-192.168.1.149")
    List<String> ranges();

    /** Addresses inside the ranges that are never handed out (gateway, a VM outside the system, ...). */
    Optional<List<String>> excluded();

    /**
     * How many consecutive addresses one cluster gets. 2 = control-plane VIP plus node address, as
     * the Proxmox template needs (the provider refuses a node pool that contains the VIP).
     */
    @WithDefault("2")
    int addressesPerCluster();
}
