package pw.fullstack.ephemeral.notifier.sync;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.notifier.NotifierConfig;
import pw.fullstack.ephemeral.notifier.auth.GitHubCredentials;
import pw.fullstack.ephemeral.notifier.comment.CommentMarker;
import pw.fullstack.ephemeral.notifier.comment.StateSeal;
import pw.fullstack.ephemeral.notifier.comment.CommentRenderer;
import pw.fullstack.ephemeral.notifier.comment.EnvironmentLink;
import pw.fullstack.ephemeral.notifier.comment.StoredState;
import pw.fullstack.ephemeral.notifier.deployment.DeploymentPlan;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;
import pw.fullstack.ephemeral.notifier.dispatch.DispatchPayload;
import pw.fullstack.ephemeral.notifier.github.GitHubClient;
import pw.fullstack.ephemeral.notifier.github.GitHubException;
import pw.fullstack.ephemeral.notifier.github.GitHubRepository;
import pw.fullstack.ephemeral.notifier.metrics.NotifierMetrics;
import pw.fullstack.ephemeral.notifier.timeline.PrTimeline;
import pw.fullstack.ephemeral.notifier.timeline.Timeline;
import pw.fullstack.ephemeral.notifier.timeline.Verdict;

/**
 * Brings one PR on GitHub up to date with its pending events: reads the PR's comment once (found by
 * marker and the notifier's login, page by page) to learn the stored state, folds the events in
 * ({@link Timeline}), and if anything changed: marks earlier runs' deployments inactive, creates or
 * finds the run's deployment and posts its statuses, sends the dispatch when the environment became
 * ready, and last writes the comment (created once, then updated in place). Nothing changed: nothing
 * is written, so replays and restarts cost reads only.
 *
 * <p>Crash windows: effects happen before the comment that records them. A crash in between repeats
 * a deployment status (harmless), finds the deployment again by its environment and run id (never a
 * second one) and may send the dispatch a second time; the dispatch carries the event id so the app
 * workflow can drop the repeat. Only one lane thread writes a given PR.
 */
@ApplicationScoped
public class PrWriter {

    private static final Logger LOG = Logger.getLogger(PrWriter.class);

    @Inject
    NotifierConfig config;

    @Inject
    GitHubClient client;

    @Inject
    GitHubCredentials credentials;

    @Inject
    NotifierMetrics metrics;

    @Inject
    StateSeal seal;

    @Inject
    DispatchPayload dispatchPayload;

    private CommentRenderer renderer;
    private final Map<String, KnownPr> known = new ConcurrentHashMap<>();
    private final Map<String, GitHubRepository> repositories = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        renderer = new CommentRenderer(config.expiry().gracePeriod(), config.expiry().maxLifetime(),
                config.comment().maxReasonLength(), seal);
    }

    /** The outcome of one write: whether GitHub was written, and what each event did. */
    record Outcome(boolean written, List<Timeline.Step> steps) {
    }

    Outcome write(String cluster, String repository, int number, List<EventEnvelope<LifecycleEvent>> events) {
        GitHubRepository github = repositories.computeIfAbsent(repository.toLowerCase(java.util.Locale.ROOT),
                r -> new GitHubRepository(repository, client, credentials, config.github().pageSize()));
        KnownPr pr = known.get(cluster);
        if (pr == null) {
            pr = read(github, cluster, repository, number);
            known.put(cluster, pr);
        }
        Timeline.Folded folded = Timeline.fold(pr.written().timeline(), events);
        PrTimeline timeline = folded.timeline();
        if (timeline == null || (!folded.changed() && pr.commentId() != null)) {
            metrics.update("unchanged");
            return new Outcome(false, folded.steps());
        }
        GitHubEffects effects = pr.progress();
        if (!timeline.runId().equals(pr.progressRun())) {
            effects = pr.progressRun() == null ? GitHubEffects.NONE : effects.forNewRun();
        }
        effects = deployments(github, cluster, timeline, effects);
        effects = dispatch(github, cluster, timeline, effects);
        StoredState next = new StoredState(timeline, effects);
        String body = renderer.render(next);
        Long commentId = pr.commentId();
        String commentUrl = pr.commentUrl();
        if (commentId == null) {
            GitHubRepository.FoundComment created = github.createComment(number, body);
            commentId = created.id();
            commentUrl = created.htmlUrl();
        } else {
            try {
                github.updateComment(commentId, body);
            } catch (GitHubException.Refused e) {
                if (e.status() != 404) {
                    throw e;
                }
                LOG.warnf("the comment of %s#%d was deleted; writing it again", repository, number);
                GitHubRepository.FoundComment created = github.createComment(number, body);
                commentId = created.id();
                commentUrl = created.htmlUrl();
            }
        }
        known.put(cluster, new KnownPr(commentId, commentUrl, next, effects, timeline.runId()));
        metrics.update("written");
        return new Outcome(true, folded.steps());
    }

    /** What the notifier knows of the PR, for ops. */
    Optional<KnownPr> known(String cluster) {
        return Optional.ofNullable(known.get(cluster));
    }

    Map<String, KnownPr> allKnown() {
        return Map.copyOf(known);
    }

    /** Forgets everything learnt from GitHub, as a restarted process would have (tests use it to play a restart). */
    void forgetAll() {
        known.clear();
    }

    private KnownPr read(GitHubRepository github, String cluster, String repository, int number) {
        Optional<GitHubRepository.FoundComment> comment = github.findComment(number, body -> CommentMarker.isFor(body, cluster));
        StoredState state = comment.flatMap(c -> seal.open(c.body()))
                .filter(s -> s.timeline() != null && cluster.equals(s.timeline().clusterName())
                        && repository.equalsIgnoreCase(s.timeline().repository()) && number == s.timeline().number())
                .orElse(StoredState.EMPTY);
        if (comment.isPresent() && state == StoredState.EMPTY) {
            LOG.warnf("the comment of %s#%d has no readable state (absent, or its seal does not verify: edited by hand?);"
                    + " it is rebuilt from the events that follow", repository, number);
        }
        String run = state.timeline() == null ? null : state.timeline().runId();
        return new KnownPr(comment.map(GitHubRepository.FoundComment::id).orElse(null),
                comment.map(GitHubRepository.FoundComment::htmlUrl).orElse(null), state, state.effects(), run);
    }

    private GitHubEffects deployments(GitHubRepository github, String cluster, PrTimeline t, GitHubEffects start) {
        if (!config.deployment().enabled()) {
            return start;
        }
        GitHubEffects effects = start;
        for (Long stale : start.staleDeployments()) {
            try {
                github.createDeploymentStatus(stale, DeploymentPlan.INACTIVE, "Superseded by a newer run of this PR", null);
            } catch (GitHubException.Refused e) {
                LOG.warnf("could not mark the earlier deployment %d of %s inactive: %s", stale, cluster, e.getMessage());
            }
            effects = progress(cluster, t, effects.withoutStale(stale));
        }
        if (effects.deploymentError() != null) {
            return effects;
        }
        List<DeploymentPlan.StatusUpdate> updates = DeploymentPlan.statusesToPost(t, effects.lastDeploymentState());
        if (updates.isEmpty()) {
            return effects;
        }
        try {
            if (effects.deploymentId() == null) {
                String environment = DeploymentPlan.environment(config.deployment().environmentPrefix(), t.number());
                long id = github.findDeployment(environment, t.runId()).orElseGet(() -> github.createDeployment(DeploymentPlan.ref(t),
                        environment, DeploymentPlan.payload(t), DeploymentPlan.description(t)));
                effects = progress(cluster, t, effects.withDeployment(id));
            }
            for (DeploymentPlan.StatusUpdate update : updates) {
                String url = update.withEnvironmentUrl() ? EnvironmentLink.of(t).map(Object::toString).orElse(null) : null;
                github.createDeploymentStatus(effects.deploymentId(), update.state(), update.description(), url);
                effects = progress(cluster, t, effects.withState(update.state()));
            }
        } catch (GitHubException.Refused e) {
            LOG.warnf("GitHub refused the deployment of %s; the comment goes on without it: %s", cluster, e.getMessage());
            metrics.writeFailed("deployment-refused");
            effects = progress(cluster, t, effects.withDeploymentError(e.getMessage()));
        }
        return effects;
    }

    private GitHubEffects dispatch(GitHubRepository github, String cluster, PrTimeline t, GitHubEffects effects) {
        if (!config.dispatch().enabled() || !DispatchPayload.due(t, effects)) {
            return effects;
        }
        try {
            github.dispatch(config.dispatch().eventType(), dispatchPayload.of(t));
            return progress(cluster, t, effects.withDispatched(t.installedEventId()));
        } catch (GitHubException.Refused e) {
            LOG.warnf("GitHub refused the repository dispatch for %s: %s", cluster, e.getMessage());
            metrics.writeFailed("dispatch-refused");
            return progress(cluster, t, effects.withDispatched(t.installedEventId()).withDispatchError(e.getMessage()));
        }
    }

    /** Remembers an effect as soon as GitHub confirmed it, so a retry after a later failure does not repeat it. */
    private GitHubEffects progress(String cluster, PrTimeline t, GitHubEffects effects) {
        known.computeIfPresent(cluster, (k, pr) -> new KnownPr(pr.commentId(), pr.commentUrl(), pr.written(), effects, t.runId()));
        return effects;
    }

    static boolean ignoredVerdict(Verdict verdict) {
        return verdict == Verdict.OTHER_RUN || verdict == Verdict.NO_RUN;
    }
}
