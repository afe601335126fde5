package pw.fullstack.ephemeral.provisioner.vault;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * Kubeconfigs in Vault KV v2 at {@code <mount>/<prefix>/<cluster>/kubeconfig}, field {@code value}
 * (the seed's layout). The kubeconfig is written here and nowhere else: events carry the
 * {@link VaultSecretRef}, logs carry nothing.
 */
@ApplicationScoped
public class KubeconfigStore {

    public static final String FIELD = "value";

    @Inject
    VaultClient vault;

    @Inject
    ProvisionerConfig config;

    public VaultSecretRef ref(String clusterName) {
        return new VaultSecretRef(config.vault().mount(), config.vault().pathPrefix() + "/" + clusterName + "/kubeconfig", FIELD);
    }

    public VaultSecretRef put(String clusterName, String kubeconfig) {
        VaultSecretRef ref = ref(clusterName);
        Vaults.await(vault.secrets().kv2(ref.mount()).updateSecret(ref.path(), new VaultSecretsKV2UpdateSecretOptions(),
                Map.of(FIELD, kubeconfig)));
        return ref;
    }

    /** Deletes every version and the metadata; an absent secret is fine. */
    public void delete(String clusterName) {
        VaultSecretRef ref = ref(clusterName);
        try {
            Vaults.await(vault.secrets().kv2(ref.mount()).deleteSecretMetadata(ref.path()));
        } catch (VaultClientException e) {
            if (e.getStatus() != 404) {
                throw e;
            }
        }
    }
}
