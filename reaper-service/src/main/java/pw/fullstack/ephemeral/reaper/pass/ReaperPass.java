package pw.fullstack.ephemeral.reaper.pass;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.kv.Versioned;
import pw.fullstack.ephemeral.reaper.expiry.AllocatorRecord;
import pw.fullstack.ephemeral.reaper.expiry.Allocations;
import pw.fullstack.ephemeral.reaper.expiry.Decision;
import pw.fullstack.ephemeral.reaper.expiry.Expiry;
import pw.fullstack.ephemeral.reaper.expiry.ExpiryDecisions;
import pw.fullstack.ephemeral.reaper.expiry.ObservedCluster;
import pw.fullstack.ephemeral.reaper.expiry.Verdict;
import pw.fullstack.ephemeral.reaper.expiry.World;
import pw.fullstack.ephemeral.reaper.history.PrHistory;
import pw.fullstack.ephemeral.reaper.tools.ClusterAnnotations;
import pw.fullstack.ephemeral.reaper.tools.ToolsClusterReader;
import pw.fullstack.ephemeral.reaper.vault.ReaperVault;

/**
 * One pass: read the tools cluster and Vault, decide ({@link ExpiryDecisions}), store the orphan
 * suspicions, publish what is due, annotate deadlines on the Clusters.
 *
 * <p>Nothing the decisions need lives only in this object: the closes and opens are in Vault, the
 * owners and deadlines on the Clusters, the orphan suspicions (with since when they hold) in Vault.
 * A pass that dies halfway is simply the next pass; a restarted or second replica reaches the same
 * decisions and publishes the same event ids ({@link Expiry#eventId()}).
 *
 * <p>The suspicions are written (check-and-set) before anything is published: when two replicas
 * see a new orphan at once, one write wins and the other replica decides again on the winner's
 * first-seen time, so both derive the same deadline and the same event id.
 *
 * <p>In memory only: which ids this process published recently, to publish a due expiry once per
 * {@code resendAfter} rather than on every pass while the provisioner has not started the teardown
 * yet (losing this on a restart only means one more publish of the same id).
 */
public class ReaperPass {

    private static final Logger LOG = Logger.getLogger(ReaperPass.class);
    private static final int ATTEMPTS = 5;
    private static final int REMEMBERED_IDS = 10_000;

    private final ToolsClusterReader tools;
    private final ReaperVault vault;
    private final ExpiryPublisher publisher;
    private final ExpiryDecisions decisions;
    private final URI source;
    private final boolean dryRun;
    private final Duration resendAfter;
    private final Clock clock;
    private final PassListener listener;
    private final Map<String, Instant> recentlyPublished = new HashMap<>();
    private final Set<String> announced = new LinkedHashSet<>();

    public ReaperPass(ToolsClusterReader tools, ReaperVault vault, ExpiryPublisher publisher, ExpiryDecisions decisions,
                      URI source, boolean dryRun, Duration resendAfter, Clock clock, PassListener listener) {
        this.tools = tools;
        this.vault = vault;
        this.publisher = publisher;
        this.decisions = decisions;
        this.source = source;
        this.dryRun = dryRun;
        this.resendAfter = resendAfter;
        this.clock = clock;
        this.listener = listener;
    }

    /** What a pass would decide now; writes and publishes nothing. */
    public Decision preview() {
        Snapshot snapshot = read(vault.suspects());
        return decisions.decide(snapshot.world());
    }

    /** One pass. Throws if the tools cluster, Vault or the broker fails; the next pass starts over. */
    public synchronized Decision run() {
        long started = System.nanoTime();
        try {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Versioned<Map<String, Instant>> suspects = vault.suspects();
                Snapshot snapshot = read(suspects);
                Decision decision = decisions.decide(snapshot.world());
                if (!decision.suspects().equals(suspects.value())
                        && !vault.writeSuspects(decision.suspects(), suspects.version())) {
                    LOG.debugf("orphan suspicions changed meanwhile (another replica), deciding again");
                    continue;
                }
                act(decision, snapshot);
                listener.passSucceeded(decision, Duration.ofNanos(System.nanoTime() - started));
                return decision;
            }
            throw new IllegalStateException("the orphan suspicions in Vault changed under " + ATTEMPTS + " attempts in a row");
        } catch (RuntimeException e) {
            listener.passFailed(e);
            throw e;
        }
    }

    private void act(Decision decision, Snapshot snapshot) {
        Instant now = snapshot.world().now();
        recentlyPublished.values().removeIf(at -> !now.isBefore(at.plus(resendAfter)));
        for (Expiry expiry : decision.due()) {
            String id = expiry.eventId();
            if (recentlyPublished.containsKey(id)) {
                continue;
            }
            boolean first = announce(id);
            if (dryRun) {
                if (first) {
                    LOG.warnf("dry-run: would publish ClusterExpired(%s) for %s (%s), run %s, deadline %s, id %s; evidence: %s",
                            expiry.reason().wireName(), expiry.cluster(), expiry.pullRequest(), expiry.runId(),
                            expiry.deadline(), id, String.join("; ", expiry.evidence()));
                    listener.reported(expiry);
                }
            } else {
                EventEnvelope<ClusterExpired> envelope = new EventEnvelope<>(id, source,
                        OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS),
                        expiry.runId(), null, expiry.event());
                publisher.publish(envelope);
                LOG.infof("ClusterExpired(%s) for %s (%s), run %s, deadline %s, id %s%s; evidence: %s",
                        expiry.reason().wireName(), expiry.cluster(), expiry.pullRequest(), expiry.runId(), expiry.deadline(),
                        id, first ? "" : " (again: no teardown yet)", String.join("; ", expiry.evidence()));
                if (first) {
                    listener.expired(expiry);
                }
            }
            recentlyPublished.put(id, now);
        }
        if (!dryRun) {
            annotateDeadlines(decision.verdicts(), snapshot.clusters());
        }
    }

    private boolean announce(String id) {
        boolean first = announced.add(id);
        if (announced.size() > REMEMBERED_IDS) {
            announced.remove(announced.iterator().next());
        }
        return first;
    }

    /** For {@code kubectl}: the deadline on the Cluster itself. Best effort: the decisions never read it back. */
    private void annotateDeadlines(List<Verdict> verdicts, Map<String, ObservedCluster> clusters) {
        for (Verdict verdict : verdicts) {
            ObservedCluster cluster = clusters.get(verdict.cluster());
            if (verdict.kind() != Verdict.Kind.CLUSTER || verdict.deadline() == null || cluster == null) {
                continue;
            }
            String deadline = verdict.deadline().toString();
            String reason = verdict.reason().wireName();
            if (deadline.equals(cluster.annotation(ClusterAnnotations.EXPIRES_AT))
                    && reason.equals(cluster.annotation(ClusterAnnotations.EXPIRY_REASON))) {
                continue;
            }
            try {
                tools.annotate(verdict.cluster(), Map.of(ClusterAnnotations.EXPIRES_AT, deadline,
                        ClusterAnnotations.EXPIRY_REASON, reason));
            } catch (RuntimeException e) {
                LOG.warnf("%s: could not annotate its deadline (%s): %s", verdict.cluster(), deadline, e.toString());
            }
        }
    }

    private Snapshot read(Versioned<Map<String, Instant>> suspects) {
        Instant now = clock.instant();
        List<ObservedCluster> clusters = tools.clusters();
        Set<String> namespaces = tools.namespaces();
        Allocations allocations = vault.allocations();
        Set<String> names = new LinkedHashSet<>(allocations.byCluster().keySet());
        Map<String, ObservedCluster> ours = new LinkedHashMap<>();
        for (ObservedCluster cluster : clusters) {
            if (cluster.ours()) {
                names.add(cluster.name());
                ours.put(cluster.name(), cluster);
            }
        }
        Map<String, AllocatorRecord> records = new HashMap<>();
        Map<String, PrHistory> histories = new HashMap<>();
        for (String name : names) {
            if (!isClusterName(name)) {
                continue; // a hand-written map value such as "../x" must not choose which Vault path is read
            }
            AllocatorRecord record = vault.allocatorRecord(name);
            if (record != null) {
                records.put(name, record);
            }
            Versioned<PrHistory> history = vault.history(name);
            if (history.version() > 0) {
                histories.put(name, history.value());
            }
        }
        return new Snapshot(new World(now, clusters, namespaces, allocations, records, histories, suspects.value()), ours);
    }

    private static boolean isClusterName(String name) {
        try {
            ClusterName.of(name);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private record Snapshot(World world, Map<String, ObservedCluster> clusters) {
    }
}
