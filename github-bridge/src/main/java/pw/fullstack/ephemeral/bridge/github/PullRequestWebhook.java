package pw.fullstack.ephemeral.bridge.github;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The part of GitHub's {@code pull_request} webhook payload the bridge reads (field names as in
 * GitHub's documentation, snake_case on the wire).
 *
 * @param action      {@code opened}, {@code reopened}, {@code closed}, {@code synchronize}, {@code labeled}, ...
 * @param number      the PR number (also in {@code pull_request.number})
 * @param pullRequest the pull request after the change
 * @param repository  the repository the PR belongs to (the base repository)
 * @param label       for {@code labeled}/{@code unlabeled}: the label added or removed
 */
public record PullRequestWebhook(String action, Integer number, PullRequest pullRequest, Repository repository,
                                 Label label) {

    /**
     * @param createdAt when the PR was opened
     * @param updatedAt when it last changed: for reopened, labeled, synchronize, the time of that change
     * @param closedAt  when it was closed; null while open
     */
    public record PullRequest(Integer number, String state, Boolean draft, Boolean merged, Instant createdAt,
                              Instant updatedAt, Instant closedAt, Branch head, Branch base, List<Label> labels) {

        /** The head lives in another repository than {@code repositoryFullName} (a fork), or in one that no longer exists. */
        public boolean headOutside(String repositoryFullName) {
            return head == null || head.repo() == null || head.repo().fullName() == null
                    || !head.repo().fullName().equalsIgnoreCase(repositoryFullName);
        }

        public List<String> labelNames() {
            return labels == null ? List.of() : labels.stream().filter(Objects::nonNull).map(Label::name)
                    .filter(Objects::nonNull).toList();
        }
    }

    /** {@code head} or {@code base}: the branch, its commit, and its repository (null for a deleted fork). */
    public record Branch(String ref, String sha, Repository repo) {
    }

    public record Repository(String name, String fullName, Owner owner) {
    }

    public record Owner(String login) {
    }

    public record Label(String name) {
    }
}
