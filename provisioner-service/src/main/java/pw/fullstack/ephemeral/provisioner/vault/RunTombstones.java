package pw.fullstack.ephemeral.provisioner.vault;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * The saga runs that ended on a cluster (destroyed, refused, superseded by a reopened PR), kept in
 * Vault KV v2 at {@code <mount>/<path-prefix>/provisioner/ended-runs/<cluster>} as
 * {@code {"<run id>": "<ended at> <why>"}}. A replayed IpAllocated of an ended run creates nothing,
 * at any age, after any restart; a ClusterExpired of an ended run asks for nothing. Entries older than
 * {@code provisioner.tombstone-retention} are dropped on the next write to the same document.
 * Written with check-and-set, so two writers never lose each other's entries.
 */
@ApplicationScoped
public class RunTombstones {

    private static final Logger LOG = Logger.getLogger(RunTombstones.class);
    private static final int CAS_ATTEMPTS = 20;

    @Inject
    VaultClient vault;

    @Inject
    ProvisionerConfig config;

    public String path(String cluster) {
        return config.vault().pathPrefix() + "/provisioner/ended-runs/" + cluster;
    }

    public boolean hasEnded(String cluster, String runId) {
        return read(cluster).entries().containsKey(runId);
    }

    /** Remembers the run as ended (idempotent: an entry already there is kept as it was). */
    public void markEnded(String cluster, String runId, String why) {
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            Document current = read(cluster);
            if (current.entries().containsKey(runId)) {
                return;
            }
            Instant now = Instant.now();
            Instant cutoff = now.minus(config.tombstoneRetention());
            Map<String, Object> next = new LinkedHashMap<>();
            current.entries().forEach((run, value) -> {
                if (!endedBefore(value, cutoff)) {
                    next.put(run, value);
                }
            });
            next.put(runId, now + " " + why);
            try {
                Vaults.await(kv().updateSecret(path(cluster), new VaultSecretsKV2UpdateSecretOptions()
                        .setCas(current.version()), next));
                LOG.infof("%s: run %s remembered as ended (%s)", cluster, runId, why);
                return;
            } catch (VaultClientException e) {
                if (e.getStatus() == null || e.getStatus() != 400 || !e.hasErrorContaining("check-and-set")) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("could not record the end of run " + runId + " of " + cluster
                + ": the document kept changing (" + CAS_ATTEMPTS + " check-and-set conflicts)");
    }

    private record Document(Map<String, Object> entries, int version) {
    }

    private Document read(String cluster) {
        try {
            VaultSecretsKV2ReadSecretData data = Vaults.await(kv().readSecret(path(cluster)));
            Integer version = data.getMetadata() == null ? null : data.getMetadata().getVersion();
            return new Document(data.getData() == null ? Map.of() : data.getData(), version == null ? 0 : version);
        } catch (VaultClientException e) {
            if (e.getStatus() != null && e.getStatus() == 404) {
                return new Document(Map.of(), 0);
            }
            throw e;
        }
    }

    private static boolean endedBefore(Object value, Instant cutoff) {
        String text = String.valueOf(value);
        int space = text.indexOf(' ');
        try {
            return Instant.parse(space < 0 ? text : text.substring(0, space)).isBefore(cutoff);
        } catch (DateTimeParseException e) {
            return false; // unreadable entries are kept: forgetting a tombstone is the unsafe direction
        }
    }

    private VaultSecretsKV2 kv() {
        return vault.secrets().kv2(config.vault().mount());
    }
}
