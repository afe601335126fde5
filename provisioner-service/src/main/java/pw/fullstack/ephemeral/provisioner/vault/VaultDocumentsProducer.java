package pw.fullstack.ephemeral.provisioner.vault;

import io.quarkus.vault.client.VaultClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/** The provisioner's one view of Vault KV v2: its mount, its timeout, the shared rule of {@link KvDocuments}. */
@Singleton
public class VaultDocumentsProducer {

    @Produces
    @Singleton
    KvDocuments documents(VaultClient vault, ProvisionerConfig config) {
        return new KvDocuments(vault, config.vault().mount(), config.vault().timeout());
    }
}
