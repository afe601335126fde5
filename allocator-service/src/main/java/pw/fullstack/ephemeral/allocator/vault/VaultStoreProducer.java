package pw.fullstack.ephemeral.allocator.vault;

import io.quarkus.vault.client.VaultClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import pw.fullstack.ephemeral.allocator.AllocatorConfig;

@Singleton
public class VaultStoreProducer {

    @Produces
    @Singleton
    VaultAllocationStore store(VaultClient client, AllocatorConfig config) {
        AllocatorConfig.Vault vault = config.vault();
        return new VaultAllocationStore(client, vault.mount(), vault.allocationsPath(), vault.statePath(),
                vault.requestTimeout());
    }
}
