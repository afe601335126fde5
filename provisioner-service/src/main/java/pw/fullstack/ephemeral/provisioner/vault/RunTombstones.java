package pw.fullstack.ephemeral.provisioner.vault;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.messaging.retention.ReplayableTopics;
import pw.fullstack.ephemeral.kv.Versioned;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * The saga runs that ended on a cluster (destroyed, refused, superseded by a reopened PR), kept in
 * Vault KV v2 at {@code <mount>/<path-prefix>/provisioner/ended-runs/<cluster>} as
 * {@code {"<run id>": "<ended at> <why>"}}. A replayed IpAllocated of an ended run creates nothing,
 * at any age, after any restart; a ClusterExpired of an ended run asks for nothing. Entries are dropped
 * on the next write to the same document once older than the retention rule allows
 * ({@link ReplayableTopics}: {@code provisioner.tombstone-retention}, or longer when a replayable topic
 * keeps records longer; never while the broker cannot tell).
 * Written with check-and-set, so two writers never lose each other's entries. Vault through
 * {@link KvDocuments}: a failure other than a check-and-set conflict is a
 * {@link pw.fullstack.ephemeral.kv.VaultUnavailableException} (transient, the event is retried).
 */
@ApplicationScoped
public class RunTombstones {

    private static final Logger LOG = Logger.getLogger(RunTombstones.class);
    private static final int CAS_ATTEMPTS = 20;

    @Inject
    ProvisionerConfig config;

    @Inject
    ReplayableTopics retention;

    @Inject
    KvDocuments documents;

    public String path(String cluster) {
        return config.vault().pathPrefix() + "/provisioner/ended-runs/" + cluster;
    }

    public boolean hasEnded(String cluster, String runId) {
        return read(cluster).value().containsKey(runId);
    }

    /** Remembers the run as ended (idempotent: an entry already there is kept as it was). */
    public void markEnded(String cluster, String runId, String why) {
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            Versioned<Map<String, Object>> current = read(cluster);
            if (current.value().containsKey(runId)) {
                return;
            }
            Instant now = Instant.now();
            Optional<Instant> cutoff = retention.dropTombstonesAfter(config.tombstoneRetention()).map(now::minus);
            Map<String, Object> next = new LinkedHashMap<>();
            current.value().forEach((run, value) -> {
                if (cutoff.isEmpty() || !endedBefore(value, cutoff.get())) {
                    next.put(run, value);
                }
            });
            next.put(runId, now + " " + why);
            if (documents.write(path(cluster), next, current.version())) {
                LOG.infof("%s: run %s remembered as ended (%s)", cluster, runId, why);
                return;
            }
        }
        throw new IllegalStateException("could not record the end of run " + runId + " of " + cluster
                + ": the document kept changing (" + CAS_ATTEMPTS + " check-and-set conflicts)");
    }

    /** The entries (empty when absent) and the version to write against. */
    private Versioned<Map<String, Object>> read(String cluster) {
        Versioned<Map<String, Object>> read = documents.read(path(cluster));
        return read.value() == null ? new Versioned<>(Map.of(), read.version()) : read;
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
}
