package pw.fullstack.ephemeral.testkit.github;

import java.time.Instant;

/** An issue comment as the double holds it. */
public record Comment(long id, String repository, int issueNumber, String login, String userType, String body,
                      Instant createdAt, Instant updatedAt) {
}
