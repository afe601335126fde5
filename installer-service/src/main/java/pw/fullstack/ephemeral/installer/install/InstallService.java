package pw.fullstack.ephemeral.installer.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.VaultSecretRef;
import pw.fullstack.ephemeral.contracts.json.EventJson;
import pw.fullstack.ephemeral.installer.InstallerConfig;
import pw.fullstack.ephemeral.messaging.RefusedEventException;
import pw.fullstack.ephemeral.installer.toolscluster.ToolsCluster;

/**
 * The Kafka side: decide whose event it is ({@link Ownership}), record what to do as annotations on
 * the tools cluster's Cluster (run, cause, deadline) and return. The {@link Installer} loop does the
 * work from those annotations, also after a restart.
 */
@ApplicationScoped
public class InstallService {

    private static final Logger LOG = Logger.getLogger(InstallService.class);

    /** Every installer annotation of a run: cleared when a new run starts or a release begins. */
    static final List<String> RUN_STATE = List.of(InstallAnnotations.STEP, InstallAnnotations.STARTED,
            InstallAnnotations.PHASE2_STARTED, InstallAnnotations.DNS_CHECK_STARTED, InstallAnnotations.DEADLINE,
            InstallAnnotations.COMPONENTS, InstallAnnotations.FINISHED, InstallAnnotations.WARNING,
            InstallAnnotations.FAILURE_PHASE, InstallAnnotations.FAILURE_STEP, InstallAnnotations.FAILURE_REASON,
            InstallAnnotations.RELEASE_CAUSE_ID, InstallAnnotations.RELEASE_STARTED, InstallAnnotations.RELEASE_HAD_RECORD,
            InstallAnnotations.REPORTED, Installer.PHASE1_APPLIED, Installer.PHASE1_WAITS, InstallAnnotations.PHASE1_DONE,
            InstallAnnotations.PHASE2_APPLIED);

    @Inject
    InstallerConfig config;

    @Inject
    ToolsCluster tools;

    @Inject
    ClusterLocks locks;

    @Inject
    InstallerMetrics metrics;

    @Inject
    Installer installer;

    @Inject
    Phase1Deadlines deadlines;

    public VaultSecretRef kubeconfigRef(String cluster) {
        return new VaultSecretRef(config.vault().mount(), config.vault().pathPrefix() + "/" + cluster + "/kubeconfig", "value");
    }

    /** @throws RefusedEventException when the event must go to the dead-letter topic (nothing was touched) */
    public void onClusterReady(EventEnvelope<ClusterReady> envelope) {
        String name = envelope.subject();
        String run = envelope.correlationId();
        Ownership.Decision decision = locks.with(name, () -> {
            Optional<Installation> cluster = tools.installation(name);
            Ownership.Decision decided = Ownership.onClusterReady(run, envelope.data(), config.naming(), kubeconfigRef(name),
                    cluster);
            if (decided instanceof Ownership.Start start) {
                Instant now = Instant.now();
                Map<String, String> state = new LinkedHashMap<>();
                state.put(InstallAnnotations.RUN, run);
                state.put(InstallAnnotations.CAUSE_ID, envelope.id());
                state.put(InstallAnnotations.CLUSTER_READY, json(envelope.data()));
                state.put(InstallAnnotations.STEP, InstallStep.PHASE1.wireName());
                state.put(InstallAnnotations.STARTED, now.toString());
                // applying Phase 1 by then; once applied, the deadline becomes the waits' (Phase1Deadlines)
                state.put(InstallAnnotations.DEADLINE, now.plus(deadlines.eachWait()).toString());
                tools.annotate(name, state, RUN_STATE);
                LOG.infof("%s: installing for run %s%s, Phase 1 applied by %s", name, run,
                        start.recheck() ? " (cluster adopted from run " + cluster.get().run().orElse("?")
                                + ": everything is re-checked, nothing installed twice)" : "",
                        state.get(InstallAnnotations.DEADLINE));
            }
            log(name, "ClusterReady " + envelope.id() + " of run " + run, decided);
            return decided;
        });
        installer.request(name);
        if (decision instanceof Ownership.Refuse refuse) {
            throw new RefusedEventException(refuse.reason());
        }
    }

    /** @throws RefusedEventException when the event must go to the dead-letter topic (nothing was touched) */
    public void onClusterExpired(EventEnvelope<ClusterExpired> envelope) {
        String name = envelope.subject();
        String run = envelope.correlationId();
        Ownership.Decision decision = locks.with(name, () -> {
            Ownership.Decision decided = Ownership.onClusterExpired(run, envelope.data(), config.naming(),
                    tools.installation(name));
            if (decided instanceof Ownership.Release) {
                Instant now = Instant.now();
                Map<String, String> state = new LinkedHashMap<>();
                state.put(InstallAnnotations.RUN, run);
                state.put(InstallAnnotations.STEP, InstallStep.RELEASING.wireName());
                state.put(InstallAnnotations.RELEASE_CAUSE_ID, envelope.id());
                state.put(InstallAnnotations.RELEASE_STARTED, now.toString());
                state.put(InstallAnnotations.DEADLINE, now.plus(config.release().timeout()).toString());
                // The install of this run stops where it is; what it recorded (started, components) stays for GET /installations.
                tools.annotate(name, state, List.of(InstallAnnotations.RELEASE_HAD_RECORD, InstallAnnotations.REPORTED,
                        InstallAnnotations.FAILURE_PHASE, InstallAnnotations.FAILURE_STEP, InstallAnnotations.FAILURE_REASON));
                LOG.infof("%s: ClusterExpired of run %s: taking the DNS record away (at the latest by %s), then DnsReleased",
                        name, run, state.get(InstallAnnotations.DEADLINE));
            }
            log(name, "ClusterExpired " + envelope.id() + " of run " + run, decided);
            return decided;
        });
        installer.request(name);
        if (decision instanceof Ownership.Refuse refuse) {
            throw new RefusedEventException(refuse.reason());
        }
    }

    /**
     * The cluster is gone: the installation of that run stops watching it (queued for the loop; a replay, or another
     * run's, changes nothing the next pass would not redo).
     */
    public void onClusterDestroyed(EventEnvelope<ClusterDestroyed> envelope) {
        installer.clusterDestroyed(envelope.subject(), envelope.correlationId());
    }

    private void log(String name, String event, Ownership.Decision decision) {
        if (decision instanceof Ownership.Refuse refuse) {
            LOG.warnf("%s: %s refused: %s", name, event, refuse.reason());
            metrics.refused();
        } else if (decision instanceof Ownership.Ignore ignore) {
            LOG.infof("%s: %s ignored: %s", name, event, ignore.reason());
            metrics.ignored(ignore.metric());
        }
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event always serialises", e);
        }
    }
}
