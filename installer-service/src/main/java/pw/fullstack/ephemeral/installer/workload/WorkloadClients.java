package pw.fullstack.ephemeral.installer.workload;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.vault.VaultSecrets;

/**
 * Clients of the workload clusters, built from the kubeconfig in Vault (the reference the provisioner
 * reported; never a kubeconfig from an event), kept while an installation needs them: the kubeconfig is read once
 * per installation (per run, per reference), not at every pass; a new run, a client forgotten (the installation
 * ended, the cluster gone) or one the API server no longer accepts ({@link #forget}) reads it again. A kubeconfig
 * that cannot be parsed is reported without any of its content. Forgetting a cluster closes its watches too.
 */
@ApplicationScoped
public class WorkloadClients {

    @Inject
    VaultSecrets vault;

    @Inject
    InstallerConfig config;

    @Inject
    WorkloadWatches watches;

    private record Cached(String run, VaultSecretRef kubeconfig, KubernetesClient client) {
    }

    private final Map<String, Cached> clients = new ConcurrentHashMap<>();

    /** The workload cluster's API could not be used. */
    public static class UnreachableException extends RuntimeException {
        public UnreachableException(String message) {
            super(message);
        }
    }

    /** The cluster's client for this run's installation: the kubeconfig is read from Vault the first time only. */
    public KubernetesClient client(String cluster, String run, VaultSecretRef kubeconfigRef) {
        Cached cached = clients.get(cluster);
        if (cached != null && cached.run().equals(run) && cached.kubeconfig().equals(kubeconfigRef)) {
            return cached.client();
        }
        String kubeconfig = vault.read(kubeconfigRef);
        Config clientConfig;
        try {
            clientConfig = Config.fromKubeconfig(kubeconfig);
        } catch (RuntimeException e) {
            throw new UnreachableException("the kubeconfig at " + kubeconfigRef + " is not a usable kubeconfig");
        }
        int timeout = (int) config.workload().requestTimeout().toMillis();
        clientConfig.setConnectionTimeout(timeout);
        clientConfig.setRequestTimeout(timeout);
        clientConfig.setRequestRetryBackoffLimit(1);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build();
        Cached previous = clients.put(cluster, new Cached(run, kubeconfigRef, client));
        if (previous != null) {
            watches.close(cluster);
            previous.client().close();
        }
        return client;
    }

    /** Closes the cluster's watches and client: its installation is over, the cluster is gone, or its credentials were refused. */
    public void forget(String cluster) {
        watches.close(cluster);
        Cached cached = clients.remove(cluster);
        if (cached != null) {
            cached.client().close();
        }
    }

    @PreDestroy
    void closeAll() {
        watches.closeAll();
        clients.values().forEach(c -> c.client().close());
        clients.clear();
    }

}
