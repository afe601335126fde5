package pw.fullstack.ephemeral.bridge.github;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * GitHub's {@code repository_dispatch} webhook payload: {@code action} is the dispatch's
 * {@code event_type}, {@code client_payload} what the sender put in it (at most 10 top-level keys),
 * {@code repository} the repository the dispatch was sent to.
 *
 * <p>The seed's application repositories send {@code create_ephemeral_cluster} with
 * {@code {"pr_number": "42", "repository": "cks-backend", "branch": "feature/x"}}: the number as a
 * string, the repository by name only.
 */
public record RepositoryDispatchWebhook(String action, JsonNode clientPayload,
                                        PullRequestWebhook.Repository repository) {
}
