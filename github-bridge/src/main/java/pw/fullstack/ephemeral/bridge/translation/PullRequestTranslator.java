package pw.fullstack.ephemeral.bridge.translation;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import pw.fullstack.ephemeral.bridge.filter.DeliveryFilters;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook.PullRequest;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * {@code pull_request} webhooks:
 *
 * <table>
 *   <tr><th>action</th><th>event</th><th>GitHub time used</th></tr>
 *   <tr><td>opened</td><td>PrOpened</td><td>{@code created_at}</td></tr>
 *   <tr><td>reopened</td><td>PrOpened</td><td>{@code updated_at} (the reopen), at the end of its second</td></tr>
 *   <tr><td>ready_for_review (drafts skipped)</td><td>PrOpened</td><td>{@code updated_at}</td></tr>
 *   <tr><td>labeled with the opt-in label, PR open</td><td>PrOpened</td><td>{@code updated_at}, at the end of its second</td></tr>
 *   <tr><td>labeled with the Postgres label, PR open, its repository without Postgres by default</td><td>PrOpened
 *       (a new run that adopts the live cluster; the installer adds Postgres)</td><td>{@code updated_at}, at the end of its second</td></tr>
 *   <tr><td>unlabeled of the opt-in label</td><td>PrClosed (not merged)</td><td>{@code updated_at}</td></tr>
 *   <tr><td>closed (merged or not)</td><td>PrClosed</td><td>{@code closed_at}</td></tr>
 *   <tr><td>synchronize</td><td>PrUpdated</td><td>{@code updated_at}</td></tr>
 * </table>
 *
 * <p>GitHub's times have whole seconds, and a run is ended by a close at or after its openedAt
 * ({@code SagaRun.endedByCloseAt}). A reopen (or a re-label) always follows the close it undoes, but
 * both can carry the same second; so the reopen is placed at the last millisecond of its second:
 * after a close in the same second, before any close in a later one.
 *
 * <p>Every PrOpened carries the options the PR gets from its repository and labels
 * ({@link EnvironmentOptionRules}). Removing the Postgres label changes nothing at once: the installer
 * only adds to a live environment, so it takes effect with the PR's next environment.
 *
 * <p>Every other action is ignored. Opening and updating pass the filters (draft, fork, label);
 * closing only the repository allow-list, so nothing that was opened is left open by a filter.
 */
final class PullRequestTranslator {

    private final ClusterNaming naming;
    private final DeliveryFilters filters;
    private final EnvironmentOptionRules options;
    private final URI source;

    PullRequestTranslator(ClusterNaming naming, DeliveryFilters filters, EnvironmentOptionRules options, URI source) {
        this.naming = naming;
        this.filters = filters;
        this.options = options;
        this.source = source;
    }

    Translation translate(Delivery delivery, PullRequestWebhook webhook) {
        String action = required(webhook.action(), "action");
        PullRequest pr = required(webhook.pullRequest(), "pull_request");
        PullRequestWebhook.Repository repository = required(webhook.repository(), "repository");
        RepositoryRef repo = RepositoryRef.parse(required(repository.fullName(), "repository.full_name"));
        if (!filters.allows(repo)) {
            return new Translation.Ignore(Names.shown(action), "repository not in bridge.filters.repositories");
        }
        Integer number = pr.number() != null ? pr.number() : webhook.number();
        PullRequestRef ref = new PullRequestRef(repo, required(number, "pull_request.number"));
        ClusterName cluster = naming.clusterName(ref);
        return switch (action) {
            case "opened" -> open(delivery, action, webhook, ref, cluster, required(pr.createdAt(), "pull_request.created_at"));
            case "reopened" -> open(delivery, action, webhook, ref, cluster, endOfSecond(updatedAt(pr)));
            case "ready_for_review" -> filters.includeDrafts()
                    ? new Translation.Ignore(action, "drafts already have an environment (bridge.filters.include-drafts=true)")
                    : open(delivery, action, webhook, ref, cluster, updatedAt(pr));
            case "labeled" -> {
                String label = labelName(webhook);
                boolean optIn = filters.isOptInLabel(label);
                if (!optIn && !options.isPostgresLabel(label)) {
                    yield new Translation.Ignore(action, "not the opt-in label (bridge.filters.label) nor the Postgres label"
                            + " (bridge.install-postgres.label)");
                }
                if (!"open".equals(pr.state())) {
                    yield new Translation.Ignore(action, "pull request is not open");
                }
                if (!optIn && options.postgresByDefault(repo)) {
                    yield new Translation.Ignore(action, "the repository gets Postgres anyway ("
                            + EnvironmentOptionRules.REPOSITORIES_SETTING + ")");
                }
                yield open(delivery, action, webhook, ref, cluster, endOfSecond(updatedAt(pr)));
            }
            case "unlabeled" -> {
                String label = labelName(webhook);
                if (filters.isOptInLabel(label)) {
                    yield publish(delivery, action, new PrClosed(ref, cluster, false, updatedAt(pr)), updatedAt(pr));
                }
                yield new Translation.Ignore(action, options.isPostgresLabel(label)
                        ? "the Postgres label's removal takes effect with the PR's next environment"
                        : "not the opt-in label (bridge.filters.label)");
            }
            case "closed" -> {
                Instant closedAt = required(pr.closedAt(), "pull_request.closed_at");
                yield publish(delivery, action, new PrClosed(ref, cluster, Boolean.TRUE.equals(pr.merged()), closedAt), closedAt);
            }
            case "synchronize" -> {
                Optional<String> filtered = whyNotOpen(webhook);
                if (filtered.isPresent()) {
                    yield new Translation.Ignore(action, filtered.get());
                }
                Instant updatedAt = updatedAt(pr);
                yield publish(delivery, action, new PrUpdated(ref, cluster, branch(pr), headSha(pr), updatedAt), updatedAt);
            }
            default -> new Translation.Ignore(Names.shown(action), "action not handled");
        };
    }

    private Translation open(Delivery delivery, String action, PullRequestWebhook webhook, PullRequestRef ref,
                             ClusterName cluster, Instant openedAt) {
        Optional<String> filtered = whyNotOpen(webhook);
        if (filtered.isPresent()) {
            return new Translation.Ignore(action, filtered.get());
        }
        PullRequest pr = webhook.pullRequest();
        EnvironmentOptions asked = options.forPullRequest(ref.repository(), pr.labelNames());
        return publish(delivery, action, new PrOpened(ref, cluster, branch(pr), headSha(pr), asked, openedAt), openedAt);
    }

    private Optional<String> whyNotOpen(PullRequestWebhook webhook) {
        PullRequest pr = webhook.pullRequest();
        return filters.whyNotOpen(Boolean.TRUE.equals(pr.draft()), fromFork(webhook), pr.labelNames());
    }

    /** The head lives in another repository (a fork), or in one that no longer exists. */
    private static boolean fromFork(PullRequestWebhook webhook) {
        PullRequestWebhook.Branch head = required(webhook.pullRequest().head(), "pull_request.head");
        return head.repo() == null || head.repo().fullName() == null
                || !head.repo().fullName().equalsIgnoreCase(webhook.repository().fullName());
    }

    private Translation publish(Delivery delivery, String action, LifecycleEvent event,
                                Instant occurredAt) {
        return new Translation.Publish(Envelopes.of(delivery, source, event, occurredAt), action);
    }

    private static BranchName branch(PullRequest pr) {
        return BranchName.of(required(required(pr.head(), "pull_request.head").ref(), "pull_request.head.ref"));
    }

    private static CommitSha headSha(PullRequest pr) {
        return CommitSha.of(required(required(pr.head(), "pull_request.head").sha(), "pull_request.head.sha"));
    }

    private static Instant updatedAt(PullRequest pr) {
        return required(pr.updatedAt(), "pull_request.updated_at");
    }

    /** A time of GitHub's (whole seconds) moved to the last millisecond of its second. */
    static Instant endOfSecond(Instant time) {
        return time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusMillis(999);
    }

    private static String labelName(PullRequestWebhook webhook) {
        return webhook.label() == null ? null : webhook.label().name();
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, "is required");
        }
        return value;
    }
}
