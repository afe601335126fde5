package pw.fullstack.ephemeral.installer.workload;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.installer.vault.VaultSecrets;

/**
 * Clients of the workload clusters, built from the kubeconfig in Vault (the reference the provisioner
 * reported; never a kubeconfig from an event), kept while an installation needs them. A kubeconfig
 * that cannot be parsed is reported without any of its content.
 */
@ApplicationScoped
public class WorkloadClients {

    @Inject
    VaultSecrets vault;

    @Inject
    InstallerConfig config;

    private record Cached(String fingerprint, KubernetesClient client) {
    }

    private final Map<String, Cached> clients = new ConcurrentHashMap<>();

    /** The workload cluster's API could not be used. */
    public static class UnreachableException extends RuntimeException {
        public UnreachableException(String message) {
            super(message);
        }
    }

    public KubernetesClient client(String cluster, VaultSecretRef kubeconfigRef) {
        String kubeconfig = vault.read(kubeconfigRef);
        String fingerprint = fingerprint(kubeconfig);
        Cached cached = clients.get(cluster);
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
            return cached.client();
        }
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
        Cached previous = clients.put(cluster, new Cached(fingerprint, client));
        if (previous != null) {
            previous.client().close();
        }
        return client;
    }

    /** Closes the cluster's client: its installation is over or the cluster is gone. */
    public void forget(String cluster) {
        Cached cached = clients.remove(cluster);
        if (cached != null) {
            cached.client().close();
        }
    }

    @PreDestroy
    void closeAll() {
        clients.values().forEach(c -> c.client().close());
        clients.clear();
    }

    private static String fingerprint(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
