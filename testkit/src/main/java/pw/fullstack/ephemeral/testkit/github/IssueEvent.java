package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;

/**
 * An event of an issue or pull request's history ({@code GET /repos/{owner}/{repo}/issues/{number}/events}):
 * {@code closed}, {@code reopened}, {@code merged}, {@code labeled}, {@code unlabeled}, ...
 *
 * @param label the label's name for {@code labeled}/{@code unlabeled}, else null
 */
public record IssueEvent(long id, String event, String actor, Instant createdAt, String label) {
}
