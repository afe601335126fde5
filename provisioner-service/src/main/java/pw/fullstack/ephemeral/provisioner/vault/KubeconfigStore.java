package pw.fullstack.ephemeral.provisioner.vault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * Kubeconfigs in Vault KV v2 at {@code <mount>/<prefix>/<cluster>/kubeconfig}, field {@code value}
 * (the seed's layout). The kubeconfig is written here (and into the merged entry below) and nowhere else: events carry the
 * {@link VaultSecretRef}, logs carry nothing. Vault through {@link KvDocuments}: any failure is a
 * {@link pw.fullstack.ephemeral.kv.VaultUnavailableException} (transient, the caller retries). When configured,
 * the seed's merged {@code PR_KUBECONFIG} entry follows: the cluster's context is added after the kubeconfig is
 * stored and removed before it is deleted ({@link MergedKubeconfigEntry}), both retried with the caller's pass.
 */
@ApplicationScoped
public class KubeconfigStore {

    public static final String FIELD = "value";

    @Inject
    ProvisionerConfig config;

    @Inject
    KvDocuments documents;

    @Inject
    MergedKubeconfigEntry merged;

    public VaultSecretRef ref(String clusterName) {
        return new VaultSecretRef(config.vault().mount(), config.vault().pathPrefix() + "/" + clusterName + "/kubeconfig", FIELD);
    }

    public VaultSecretRef put(String clusterName, String kubeconfig) {
        VaultSecretRef ref = ref(clusterName);
        // One writer (the provisioner, for this cluster), the last kubeconfig is the right one: no check-and-set.
        documents.overwrite(ref.path(), Map.of(FIELD, kubeconfig));
        merged.add(clusterName, kubeconfig);
        return ref;
    }

    /** Deletes every version and the metadata (and the context in the merged entry); an absent secret is fine. */
    public void delete(String clusterName) {
        merged.remove(clusterName);
        documents.destroy(ref(clusterName).path());
    }
}
