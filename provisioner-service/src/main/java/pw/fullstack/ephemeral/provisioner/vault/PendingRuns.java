package pw.fullstack.ephemeral.provisioner.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.json.EventJson;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.kv.Versioned;
import pw.fullstack.ephemeral.provisioner.ProvisionerConfig;

/**
 * Runs waiting for their cluster's namespace to finish being deleted, one per cluster, in Vault KV v2
 * at {@code <mount>/<path-prefix>/provisioner/pending-runs/<cluster>}: the run, the id of its
 * IpAllocated, the IpAllocated itself (no secrets in it) and since when it waits. Not on the tools
 * cluster, because the namespace that would hold it is about to disappear with everything written on
 * it; not in the Kafka record, because retrying that would hold up every other cluster on its partition
 * for as long as the namespace takes. Written with check-and-set; of two runs of the same PR the newer
 * one ({@link SagaRun#supersedes}) is kept.
 */
@ApplicationScoped
public class PendingRuns {

    private static final Logger LOG = Logger.getLogger(PendingRuns.class);
    private static final int CAS_ATTEMPTS = 20;

    /** A run whose IpAllocated is decided again once the namespace is gone. */
    public record PendingRun(String cluster, String run, String causeId, IpAllocated allocation, Instant since) {
    }

    @Inject
    ProvisionerConfig config;

    @Inject
    KvDocuments documents;

    public String folder() {
        return config.vault().pathPrefix() + "/provisioner/pending-runs";
    }

    public String path(String cluster) {
        return folder() + "/" + cluster;
    }

    /** The clusters that have a waiting run. */
    public List<String> clusters() {
        return documents.list(folder()).stream().filter(key -> !key.endsWith("/")).toList();
    }

    /** The waiting run of the cluster; empty when none, or when the document cannot be read as one (logged). */
    public Optional<PendingRun> get(String cluster) {
        return parse(cluster, documents.read(path(cluster)).value());
    }

    /** Remembers the run as waiting, unless a newer run of the same PR already waits (idempotent). */
    public void put(PendingRun pending) {
        for (int attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
            Versioned<Map<String, Object>> current = documents.read(path(pending.cluster()));
            Optional<PendingRun> waiting = parse(pending.cluster(), current.value());
            if (waiting.isPresent() && (waiting.get().run().equals(pending.run())
                    || !run(pending).supersedes(run(waiting.get())))) {
                return;
            }
            if (documents.write(path(pending.cluster()), toVault(pending), current.version())) {
                LOG.infof("%s: run %s waits for the namespace to be gone (remembered at %s)", pending.cluster(),
                        pending.run(), documents.document(path(pending.cluster())));
                return;
            }
        }
        throw new IllegalStateException("could not remember run " + pending.run() + " of " + pending.cluster()
                + " as waiting: the document kept changing (" + CAS_ATTEMPTS + " check-and-set conflicts)");
    }

    /** Forgets the cluster's waiting run if it is still {@code run}. */
    public void remove(String cluster, String run) {
        Optional<PendingRun> waiting = get(cluster);
        if (waiting.isPresent() && waiting.get().run().equals(run)) {
            documents.destroy(path(cluster));
        }
    }

    private static SagaRun run(PendingRun pending) {
        return new SagaRun(pending.run(), pending.allocation().openedAt());
    }

    private static Map<String, Object> toVault(PendingRun pending) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("run", pending.run());
        data.put("cause-id", pending.causeId());
        data.put("since", pending.since().toString());
        try {
            data.put("ip-allocated", EventJson.mapper().writeValueAsString(pending.allocation()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an IpAllocated always serialises", e);
        }
        return data;
    }

    private Optional<PendingRun> parse(String cluster, Map<String, Object> data) {
        if (data == null || data.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PendingRun(cluster, text(data, "run"), text(data, "cause-id"),
                    EventJson.mapper().readValue(text(data, "ip-allocated"), IpAllocated.class),
                    Instant.parse(text(data, "since"))));
        } catch (JsonProcessingException | RuntimeException e) {
            // Left where it is for a person to read: creating a cluster from a document we cannot read is the unsafe way.
            LOG.warnf("%s: %s is not a waiting run this provisioner can read (%s); it is left untouched",
                    cluster, documents.document(path(cluster)), e.getMessage());
            return Optional.empty();
        }
    }

    private static String text(Map<String, Object> data, String field) {
        Object value = data.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException("field " + field + " missing");
        }
        return s;
    }
}
