package pw.fullstack.ephemeral.provisioner.vault;

import io.fabric8.kubernetes.api.model.Config;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.kv.Versioned;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * The seed's {@code PR_KUBECONFIG} entry, optional ({@code provisioner.vault.merged-kubeconfig-path}, unset = off):
 * one Vault KV v2 document whose field {@value #FIELD} is a kubeconfig with every ready PR cluster
 * ({@link MergedKubeconfig}), which the seed's tooling reads. The cluster's context is added when its kubeconfig is
 * stored and removed when that is deleted ({@link KubeconfigStore}).
 *
 * <p>Several writers share the document (clusters becoming ready at once, another replica, the seed's own script):
 * every change is read, decided and written with check-and-set, and a conflict reads again, so no writer loses
 * another's context. The document's other fields are kept (the seed's {@code vault kv put} would drop them). Vault
 * unavailable throws ({@link pw.fullstack.ephemeral.kv.VaultUnavailableException}): the caller's pass fails and
 * is tried again, so nothing is dropped. A document whose field is not a kubeconfig is never overwritten: the
 * change is skipped with a warning naming the document (no kubeconfig text is ever logged).
 */
@Singleton
@Startup
public class MergedKubeconfigEntry {

    public static final String FIELD = "PR_KUBECONFIG";

    private static final Logger LOG = Logger.getLogger(MergedKubeconfigEntry.class);
    private static final int CAS_ATTEMPTS = 20;
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*");

    private final KvDocuments documents;
    private final Optional<String> path;

    @Inject
    MergedKubeconfigEntry(KvDocuments documents, ProvisionerConfig config) {
        this(documents, config.vault().mergedKubeconfigPath());
    }

    /** @throws IllegalArgumentException when the path is not a plain KV path (checked at start) */
    public MergedKubeconfigEntry(KvDocuments documents, Optional<String> path) {
        this.documents = documents;
        this.path = path.filter(p -> !p.isBlank());
        this.path.ifPresent(p -> {
            if (!PATH.matcher(p).matches() || p.contains("..")) {
                throw new IllegalArgumentException("provisioner.vault.merged-kubeconfig-path must be a KV path like "
                        + "cluster-secret-store/secrets (segments of letters, digits, '.', '_', '-'), was \"" + p + "\"");
            }
            LOG.infof("every ready cluster's context goes into %s, field %s", documents.document(p), FIELD);
        });
    }

    public boolean enabled() {
        return path.isPresent();
    }

    /** Adds (or updates) the cluster's context; nothing when off or when it is there already as it is. */
    public void add(String cluster, String kubeconfig) {
        if (path.isEmpty()) {
            return;
        }
        Config single;
        try {
            single = MergedKubeconfig.parse(kubeconfig);
            MergedKubeconfig.withCluster(MergedKubeconfig.empty(), cluster, single);
        } catch (IllegalArgumentException e) {
            LOG.warnf("%s: its kubeconfig cannot go into %s: %s", cluster, documents.document(path.get()), e.getMessage());
            return;
        }
        change(cluster, "added", merged -> MergedKubeconfig.withCluster(merged, cluster, single));
    }

    /** Removes the cluster's context; nothing when off or when it is not there. */
    public void remove(String cluster) {
        if (path.isPresent()) {
            change(cluster, "removed", merged -> MergedKubeconfig.withoutCluster(merged, cluster));
        }
    }

    private void change(String cluster, String what, UnaryOperator<Config> change) {
        String document = documents.document(path.get());
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            Versioned<Map<String, Object>> current = documents.read(path.get());
            Map<String, Object> data = current.value() == null ? Map.of() : current.value();
            Config merged;
            try {
                merged = data.get(FIELD) == null ? MergedKubeconfig.empty() : MergedKubeconfig.parse(text(data.get(FIELD)));
            } catch (IllegalArgumentException e) {
                LOG.warnf("%s: not %s in %s: its field %s is not a kubeconfig this provisioner can read (%s); left as it is",
                        cluster, what, document, FIELD, e.getMessage());
                return;
            }
            Config next = change.apply(merged);
            if (next.equals(merged)) {
                return;
            }
            Map<String, Object> written = new LinkedHashMap<>(data);
            written.put(FIELD, MergedKubeconfig.yaml(next));
            if (documents.write(path.get(), written, current.version())) {
                LOG.infof("%s: context %s %s (contexts now: %s)", cluster, what, document, MergedKubeconfig.contextNames(next));
                return;
            }
        }
        throw new IllegalStateException("could not change " + document + " for " + cluster + ": the document kept changing ("
                + CAS_ATTEMPTS + " check-and-set conflicts)");
    }

    private static String text(Object value) {
        if (!(value instanceof String s)) {
            throw new IllegalArgumentException("not text");
        }
        return s;
    }
}
