package pw.fullstack.ephemeral.bridge.translation;

import java.util.List;
import pw.fullstack.ephemeral.bridge.github.IssueEvent;
import pw.fullstack.ephemeral.bridge.github.PullRequestWebhook;

/** What GitHub answered about the PR a dispatch names. */
public sealed interface PullRequestOnGitHub {

    /**
     * The PR ({@code GET /repos/{owner}/{repo}/pulls/{number}}) and, for an opening, the latest part of its
     * history ({@code .../issues/{number}/events}), oldest first.
     */
    record Found(PullRequestWebhook.PullRequest pullRequest, List<IssueEvent> history) implements PullRequestOnGitHub {

        public Found {
            history = List.copyOf(history);
        }
    }

    /** GitHub has no such PR, or none the bridge may see; {@code reason} is ours, safe to answer. */
    record Missing(String reason) implements PullRequestOnGitHub {
    }
}
