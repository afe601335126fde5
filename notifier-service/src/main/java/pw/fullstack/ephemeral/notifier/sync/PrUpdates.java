package pw.fullstack.ephemeral.notifier.sync;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.notifier.NotifierConfig;
import pw.fullstack.ephemeral.notifier.auth.GitHubCredentials;
import pw.fullstack.ephemeral.notifier.github.GitHubClient;
import pw.fullstack.ephemeral.notifier.github.GitHubException;
import pw.fullstack.ephemeral.notifier.metrics.NotifierMetrics;

/**
 * Between the Kafka consumer and GitHub. {@link #submit} adds an event to its PR's pending events
 * and wakes the PR's {@link Lane}; the record is acknowledged only once the state it implies is on
 * GitHub, so a restart (even during a GitHub outage) re-delivers whatever was not written, and the
 * stored state in the comment turns the re-delivered records that were written into no-ops.
 *
 * <p>Failures: a rate limit pauses the lane for as long as GitHub says; GitHub unavailable (5xx,
 * timeout, refused connection) retries the PR with exponential backoff. After
 * {@code notifier.github.max-attempts} failed attempts the PR's records go to the dead-letter topic
 * with the reason (a record must not stay unacknowledged for ever), but its events stay in memory and
 * the newest state keeps being retried every {@code max-backoff}, so it still reaches GitHub once
 * GitHub answers. GitHub refusing the comment for good (404 unknown repository or PR, 403 missing
 * permission, 422) dead-letters the records at once.
 */
@ApplicationScoped
public class PrUpdates {

    private static final Logger LOG = Logger.getLogger(PrUpdates.class);

    @Inject
    PrWriter writer;

    @Inject
    GitHubCredentials credentials;

    @Inject
    GitHubClient client;

    @Inject
    NotifierConfig config;

    @Inject
    NotifierMetrics metrics;

    @Inject
    pw.fullstack.ephemeral.leadership.Leadership leadership;

    private final Map<String, PendingPr> pending = new ConcurrentHashMap<>();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    @PostConstruct
    void registerGauges() {
        metrics.pending(pending::size, () -> pending.values().stream().filter(p -> p.attempts() > 0).count());
    }

    @PreDestroy
    void stop() {
        lanes.values().forEach(Lane::shutdown);
    }

    /**
     * A replica that stops leading writes nothing more: its pending events are dropped unacknowledged (the
     * leader gets their records again from the committed offsets) and what it learnt from GitHub is forgotten
     * (the leader writes meanwhile; if this replica leads again it reads the comments afresh).
     */
    void onLeadership(@jakarta.enterprise.event.Observes pw.fullstack.ephemeral.leadership.LeadershipChange change) {
        if (!change.leading()) {
            int dropped = pending.size();
            pending.clear();
            writer.forgetAll();
            if (dropped > 0) {
                LOG.infof("no longer leading: %d PRs' pending events left to the replica that leads now", dropped);
            }
        }
    }

    /** Queues the event for its PR; the message is acked or nacked later, from the PR's lane. */
    public void submit(EventEnvelope<LifecycleEvent> envelope, Message<?> message) {
        LifecycleEvent event = envelope.data();
        String cluster = event.clusterName().value();
        String repository = event.pullRequest().repository().toString();
        PendingPr pr = pending.compute(cluster, (k, existing) -> {
            PendingPr p = existing == null ? new PendingPr(cluster, repository, event.pullRequest().number()) : existing;
            p.add(new PendingPr.Entry(envelope, message));
            return p;
        });
        lane(event.pullRequest().repository().owner()).wake(pr.clusterName);
    }

    /** PRs with unwritten events or failing writes, for ops and health. */
    public List<PendingView> pendingViews() {
        return pending.values().stream()
                .map(p -> new PendingView(p.clusterName, p.repository + "#" + p.number, p.size(), p.attempts(),
                        p.failingSince(), p.lastError(), p.exhausted()))
                .sorted(Comparator.comparing(PendingView::cluster))
                .toList();
    }

    public record PendingView(String cluster, String pullRequest, int pendingEvents, int failedAttempts, Instant failingSince,
                              String lastError, boolean deadLettered) {
    }

    /** What the notifier last wrote for each PR it has seen since it started. */
    public java.util.List<KnownPrView> known() {
        return KnownPrView.of(writer.allKnown());
    }

    /** Plays a restart's empty memory (tests): what was learnt from GitHub is forgotten and read again. */
    public void forgetWhatGitHubSaid() {
        writer.forgetAll();
    }

    private Lane lane(String owner) {
        String key = credentials.lane(owner);
        return lanes.computeIfAbsent(key, k -> new Lane(k, this::process, () -> client.pausedUntil(k)));
    }

    private Lane.Result process(String cluster) {
        PendingPr pr = pending.get(cluster);
        if (pr == null) {
            return Lane.DONE;
        }
        if (!leadership.leads()) {
            pending.remove(cluster, pr); // unacknowledged: the replica that leads now writes it
            return Lane.DONE;
        }
        if (pr.waitingUntil(Instant.now().plusMillis(20))) {
            return Lane.DONE; // its scheduled retry wakes it
        }
        List<PendingPr.Entry> batch = pr.snapshot();
        if (batch.isEmpty()) {
            pending.remove(cluster, pr);
            return Lane.DONE;
        }
        try {
            PrWriter.Outcome outcome = writer.write(cluster, pr.repository, pr.number,
                    batch.stream().map(PendingPr.Entry::envelope).toList());
            outcome.steps().stream().filter(s -> PrWriter.ignoredVerdict(s.verdict())).forEach(s -> {
                metrics.ignored(s.verdict().name().toLowerCase(java.util.Locale.ROOT));
                LOG.infof("%s: ignored an event (%s): %s", cluster, s.verdict(), s.note());
            });
            pr.done(batch);
            batch.forEach(this::ack);
            removeIfEmpty(cluster, pr);
            return Lane.DONE;
        } catch (GitHubException.RateLimited e) {
            failed(pr, batch, e, "rate-limited");
            return new Lane.Result.PauseUntil(Instant.now().plus(e.waitFor()));
        } catch (GitHubException.Unavailable e) {
            int attempt = failed(pr, batch, e, "unavailable");
            Duration delay = backoff(attempt);
            pr.retryAt(Instant.now().plus(delay));
            return new Lane.Result.RetryAfter(delay);
        } catch (GitHubException.Refused | GitHubException.Unauthorized e) {
            metrics.writeFailed("refused");
            String reason = "GitHub refused to update the comment of " + pr.repository + "#" + pr.number + ": "
                    + e.getMessage() + hint(e);
            LOG.errorf("%s; its records go to the dead-letter topic", reason);
            deadLetter(batch, reason, "refused");
            pr.done(batch);
            removeIfEmpty(cluster, pr);
            return Lane.DONE;
        }
    }

    private int failed(PendingPr pr, List<PendingPr.Entry> batch, GitHubException e, String kind) {
        metrics.writeFailed(kind);
        int attempt = pr.failed(e.getMessage(), Instant.now());
        LOG.warnf("updating %s#%d on GitHub failed (attempt %d): %s", pr.repository, pr.number, attempt, e.getMessage());
        if (attempt == config.github().maxAttempts()) {
            String reason = "GitHub did not accept the update of " + pr.repository + "#" + pr.number + " after " + attempt
                    + " attempts (" + e.getMessage() + "); the notifier keeps retrying the PR's newest state while it runs."
                    + " Replaying this record later is harmless.";
            deadLetter(batch, reason, kind);
            pr.deadLettered(batch);
        } else if (attempt > config.github().maxAttempts()) {
            // Records that arrived since the first give-up are dead-lettered too, so none waits for ever.
            List<PendingPr.Entry> waiting = batch.stream().filter(entry -> entry.message() != null).toList();
            if (!waiting.isEmpty()) {
                deadLetter(waiting, "GitHub is still not accepting updates of " + pr.repository + "#" + pr.number
                        + " (" + e.getMessage() + "); kept in memory and retried", kind);
                pr.deadLettered(waiting);
            }
        }
        return attempt;
    }

    private Duration backoff(int attempt) {
        long initial = config.github().initialBackoff().toMillis();
        long max = config.github().maxBackoff().toMillis();
        long exponential = initial << Math.min(20, Math.max(0, attempt - 1));
        long capped = Math.min(max, exponential <= 0 ? max : exponential);
        long jitter = ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Duration.ofMillis(Math.min(max, capped - capped / 10 + jitter));
    }

    private void ack(PendingPr.Entry entry) {
        if (entry.message() != null) {
            entry.message().ack().whenComplete((ok, failure) -> {
                if (failure != null) {
                    LOG.warnf("acknowledging %s failed: %s", entry.envelope().id(), failure.toString());
                }
            });
        }
    }

    private void deadLetter(List<PendingPr.Entry> batch, String reason, String kind) {
        int count = 0;
        for (PendingPr.Entry entry : batch) {
            if (entry.message() != null) {
                entry.message().nack(new GitHubUpdateFailed(reason));
                count++;
            }
        }
        metrics.deadLettered(kind, count);
    }

    private void removeIfEmpty(String cluster, PendingPr pr) {
        pending.computeIfPresent(cluster, (k, p) -> p == pr && p.isEmpty() ? null : p);
    }

    private static String hint(GitHubException e) {
        if (e instanceof GitHubException.Refused refused) {
            return switch (refused.status()) {
                case 403 -> " (does the App have Issues or Pull requests: write on this repository?)";
                case 404 -> " (is the App installed on this repository, and does the PR exist?)";
                default -> "";
            };
        }
        return " (check notifier.github.* credentials)";
    }

    /** The reason a record went to the dead-letter topic ({@code dead-letter-reason} header). */
    static final class GitHubUpdateFailed extends RuntimeException {
        GitHubUpdateFailed(String reason) {
            super(reason, null, false, false);
        }
    }
}
