package pw.fullstack.ephemeral.bridge.github;

import java.time.Instant;

/**
 * An entry of a PR's history as {@code GET /repos/{owner}/{repo}/issues/{number}/events} lists it (the part
 * the bridge reads).
 *
 * @param event     {@code reopened}, {@code closed}, {@code labeled}, ...
 * @param createdAt when it happened
 * @param label     for {@code labeled}/{@code unlabeled}: the label
 */
public record IssueEvent(String event, Instant createdAt, PullRequestWebhook.Label label) {
}
