package pw.fullstack.ephemeral.bridge.translation;

import static pw.fullstack.ephemeral.bridge.translation.PullRequestTranslator.endOfSecond;
import static pw.fullstack.ephemeral.bridge.translation.PullRequestTranslator.required;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import pw.fullstack.ephemeral.bridge.filter.DeliveryFilters;
import pw.fullstack.ephemeral.bridge.github.IssueEvent;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook.PullRequest;
import pw.fullstack.ephemeral.bridge.options.EnvironmentOptionRules;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.pr.RepositoryRef;

/**
 * Whether GitHub confirms a dispatch, and what it then means: a pure function of the claim and GitHub's
 * answer. Published only when GitHub has the PR in the named repository, open for an opening (closed for a
 * closing), with the head the dispatch names, not from a fork (unless {@code include-forks}), and past the
 * draft and label filters as for webhooks. Everything published is GitHub's: the head branch and commit, the
 * merge state, and the times —
 *
 * <ul>
 *   <li>{@code openedAt}: the PR's latest opening, the later of {@code created_at} and its latest
 *       {@code reopened} (or, with an opt-in label, {@code labeled} with it) event, at the last millisecond of
 *       its second as for webhooks;</li>
 *   <li>{@code closedAt}: {@code closed_at}.</li>
 * </ul>
 *
 * <p>The event id is named by the PR and that time ({@link DeliveryIds#pullRequestEventId}), so the same body
 * sent again, under any delivery id, publishes the very same event, which consumers drop.
 */
final class DispatchVerdicts {

    private final ClusterNaming naming;
    private final DeliveryFilters filters;
    private final EnvironmentOptionRules options;
    private final URI source;

    DispatchVerdicts(ClusterNaming naming, DeliveryFilters filters, EnvironmentOptionRules options, URI source) {
        this.naming = naming;
        this.filters = filters;
        this.options = options;
        this.source = source;
    }

    /** An event of the PR's history that (re)starts its environment, as the matching webhook would. */
    boolean opensAnEnvironment(IssueEvent event) {
        return "reopened".equals(event.event())
                || ("labeled".equals(event.event()) && event.label() != null && filters.isOptInLabel(event.label().name()));
    }

    Translation decide(DispatchClaim claim, PullRequestOnGitHub answer) {
        String type = claim.type();
        if (answer instanceof PullRequestOnGitHub.Missing missing) {
            return new Translation.Refuse(type, missing.reason());
        }
        PullRequestOnGitHub.Found found = (PullRequestOnGitHub.Found) answer;
        PullRequest pr = found.pullRequest();
        String fullName = required(required(required(pr.base(), "base").repo(), "base.repo").fullName(), "base.repo.full_name");
        RepositoryRef repository = RepositoryRef.parse(fullName);
        PullRequestRef claimed = claim.pullRequest();
        if (!repository.sameAs(claimed.repository())) {
            return new Translation.Refuse(type, "GitHub answers for " + claimed + " with a pull request of " + repository
                    + ": name the repository as it is now");
        }
        PullRequestRef ref = new PullRequestRef(repository, claimed.number());
        ClusterName cluster = naming.clusterName(ref);
        boolean open = "open".equals(pr.state());
        if (!claim.create()) {
            if (open) {
                return new Translation.Refuse(type, ref + " is open on GitHub: only a closed pull request's environment is"
                        + " given back");
            }
            Instant closedAt = required(pr.closedAt(), "closed_at");
            return publish(ref, type, new PrClosed(ref, cluster, Boolean.TRUE.equals(pr.merged()), closedAt), closedAt);
        }
        if (!open) {
            return new Translation.Refuse(type, ref + " is closed on GitHub: a closed pull request gets no environment");
        }
        BranchName branch = BranchName.of(required(required(pr.head(), "head").ref(), "head.ref"));
        CommitSha head = CommitSha.of(required(pr.head().sha(), "head.sha"));
        if (claim.branch().filter(named -> !named.equals(branch)).isPresent()) {
            return new Translation.Refuse(type, "branch " + claim.branch().get() + " is not the head branch of " + ref
                    + " on GitHub (" + branch + ")");
        }
        if (claim.headSha().filter(named -> !named.equals(head)).isPresent()) {
            return new Translation.Refuse(type, "head_sha " + claim.headSha().get() + " is not the head of " + ref
                    + " on GitHub (" + head + "): pushed since, or never its head");
        }
        if (pr.headOutside(fullName) && !filters.includeForks()) {
            return new Translation.Refuse(type, ref + " comes from a fork (bridge.filters.include-forks=false): its code"
                    + " gets no environment");
        }
        Optional<String> filtered = filters.whyNotOpen(Boolean.TRUE.equals(pr.draft()), false, pr.labelNames());
        if (filtered.isPresent()) {
            return new Translation.Ignore(type, filtered.get());
        }
        Instant openedAt = Stream.concat(Stream.of(required(pr.createdAt(), "created_at")),
                        found.history().stream().filter(this::opensAnEnvironment).map(e -> endOfSecond(e.createdAt())))
                .max(Comparator.naturalOrder()).orElseThrow();
        PrOpened opened = new PrOpened(ref, cluster, branch, head, options.forDispatch(repository, claim.installPostgres()),
                openedAt);
        return publish(ref, type, opened, openedAt);
    }

    private Translation publish(PullRequestRef ref, String type, pw.fullstack.ephemeral.contracts.events.LifecycleEvent event,
                                Instant at) {
        return new Translation.Publish(Envelopes.confirmed(ref, source, event, at), type);
    }
}
