package pw.fullstack.ephemeral.notifier.sync;

import pw.fullstack.ephemeral.notifier.comment.StoredState;
import pw.fullstack.ephemeral.notifier.deployment.GitHubEffects;

/**
 * What the notifier knows of a PR on GitHub: its comment (null if none yet), the state that comment
 * holds, and effects done since that comment was last written (a deployment created, a status
 * posted) for the run {@code progressRun}, so a retried write does not repeat them.
 */
record KnownPr(Long commentId, String commentUrl, StoredState written, GitHubEffects progress, String progressRun) {
}
