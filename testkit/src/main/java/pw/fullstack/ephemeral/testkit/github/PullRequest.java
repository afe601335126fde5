package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A pull request as the double's GitHub holds it ({@code GET /repos/{owner}/{repo}/pulls/{number}}).
 * Times have whole seconds, as GitHub's.
 *
 * @param headRepository the repository the head branch lives in: the PR's own, or a fork's
 */
public record PullRequest(String repository, int number, String state, boolean draft, boolean merged, String headRef,
                          String headSha, String headRepository, List<String> labels, Instant createdAt,
                          Instant updatedAt, Instant closedAt, Instant mergedAt) {

    public PullRequest {
        labels = List.copyOf(labels);
    }

    static PullRequest opened(String repository, int number, String headRef, String headSha, Instant at) {
        Instant now = at.truncatedTo(ChronoUnit.SECONDS);
        return new PullRequest(repository, number, "open", false, false, headRef, headSha, repository, List.of(), now, now,
                null, null);
    }

    public boolean open() {
        return state.equals("open");
    }

    public PullRequest asDraft(boolean isDraft) {
        return new PullRequest(repository, number, state, isDraft, merged, headRef, headSha, headRepository, labels, createdAt,
                updatedAt, closedAt, mergedAt);
    }

    /** The head branch lives in {@code fork} ({@code owner/name}), as for a PR from a fork. */
    public PullRequest fromFork(String fork) {
        return new PullRequest(repository, number, state, draft, merged, headRef, headSha, fork, labels, createdAt, updatedAt,
                closedAt, mergedAt);
    }

    PullRequest withHead(String ref, String sha) {
        return new PullRequest(repository, number, state, draft, merged, ref, sha, headRepository, labels, createdAt, updatedAt,
                closedAt, mergedAt);
    }

    PullRequest withLabels(List<String> names) {
        return new PullRequest(repository, number, state, draft, merged, headRef, headSha, headRepository, names, createdAt,
                updatedAt, closedAt, mergedAt);
    }

    PullRequest closed(boolean isMerged, Instant at) {
        return new PullRequest(repository, number, "closed", draft, isMerged, headRef, headSha, headRepository, labels, createdAt,
                updatedAt, at, isMerged ? at : null);
    }

    /** GitHub clears {@code closed_at} when a PR is reopened. */
    PullRequest reopened() {
        return new PullRequest(repository, number, "open", draft, false, headRef, headSha, headRepository, labels, createdAt,
                updatedAt, null, null);
    }

    PullRequest updatedAt(Instant at) {
        return new PullRequest(repository, number, state, draft, merged, headRef, headSha, headRepository, labels, createdAt,
                at.truncatedTo(ChronoUnit.SECONDS), closedAt, mergedAt);
    }
}
