package pw.fullstack.ephemeral.bridge.verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import pw.fullstack.ephemeral.bridge.github.GitHubApiException;
import pw.fullstack.ephemeral.bridge.github.GitHubJson;
import pw.fullstack.ephemeral.bridge.github.GitHubRest;
import pw.fullstack.ephemeral.github.auth.InstallationTokens;

/**
 * How the bridge reads a repository's pull requests: as the GitHub App, with an installation token narrowed
 * to that one repository and {@code pull_requests: read} ({@link InstallationTokens}, shared with the notifier),
 * or with the configured token as it is.
 */
public interface RepositoryAuthorization {

    /** The permissions an App's token is narrowed to: the pull request and its history (issue events of a PR). */
    Map<String, String> PERMISSIONS = Map.of("pull_requests", "read", "metadata", "read");

    /** The {@code Authorization} header value for reading {@code owner/repo} (a secret). */
    String header(String owner, String repo) throws GitHubApiException;

    /** GitHub refused it (401): the next {@link #header} gets a fresh one, where that can help. */
    void refused(String owner);

    static RepositoryAuthorization token(Supplier<String> authorization) {
        return new RepositoryAuthorization() {
            @Override
            public String header(String owner, String repo) {
                return authorization.get();
            }

            @Override
            public void refused(String owner) {
                // A token is what it is: a refusal is for a person to fix.
            }
        };
    }

    /** Installation tokens for the App whose JWT {@code appJwt} gives ({@code Bearer ...}). */
    static RepositoryAuthorization app(GitHubRest rest, Supplier<String> appJwt, Clock clock) {
        InstallationTokens tokens = new InstallationTokens(Optional.empty(), Duration.ofMinutes(5), PERMISSIONS,
                new InstallationTokens.Api() {
                    @Override
                    public long installationOf(String owner, String repo) {
                        return unchecked(() -> {
                            var response = rest.get("/repos/" + owner + "/" + repo + "/installation", appJwt.get());
                            if (response.statusCode() != 200) {
                                throw GitHubRest.refused("finding the GitHub App's installation for " + owner + "/" + repo, response);
                            }
                            return GitHubJson.read(response.body(), Installation.class).id();
                        });
                    }

                    @Override
                    public InstallationTokens.Token create(long installationId, String owner, String repo,
                                                           Map<String, String> permissions) throws InstallationTokens.InstallationGone {
                        var response = unchecked(() -> rest.post("/app/installations/" + installationId + "/access_tokens",
                                appJwt.get(), GitHubJson.write(Map.of("repositories", List.of(repo), "permissions", permissions))));
                        if (response.statusCode() == 404) {
                            throw new InstallationTokens.InstallationGone(new Unchecked(GitHubRest.refused(
                                    "an installation token for " + owner + "/" + repo, response)));
                        }
                        if (response.statusCode() != 201) {
                            throw new Unchecked(GitHubRest.refused("an installation token for " + owner + "/" + repo, response));
                        }
                        AccessToken token = GitHubJson.read(response.body(), AccessToken.class);
                        return new InstallationTokens.Token(token.token(), token.expiresAt());
                    }
                }, clock);
        return new RepositoryAuthorization() {
            @Override
            public String header(String owner, String repo) throws GitHubApiException {
                try {
                    return "Bearer " + tokens.token(owner, repo);
                } catch (Unchecked e) {
                    throw e.failure;
                } catch (pw.fullstack.ephemeral.contracts.InvalidInputException e) {
                    throw new GitHubApiException(0, "GitHub's answer about the App's installation is not readable: "
                            + e.getMessage());
                }
            }

            @Override
            public void refused(String owner) {
                tokens.invalidate(owner);
            }
        };
    }

    /** {@code GET /repos/{owner}/{repo}/installation}, the part read. */
    record Installation(long id) {
    }

    /** {@code POST /app/installations/{id}/access_tokens}, the part read. */
    record AccessToken(String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "AccessToken[expires " + expiresAt + "]";
        }
    }

    /** Carries a {@link GitHubApiException} through {@link InstallationTokens}, whose calls throw nothing checked. */
    final class Unchecked extends RuntimeException {

        final GitHubApiException failure;

        Unchecked(GitHubApiException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    private static <T> T unchecked(GitHubCall<T> call) {
        try {
            return call.run();
        } catch (GitHubApiException e) {
            throw new Unchecked(e);
        }
    }

    @FunctionalInterface
    interface GitHubCall<T> {
        T run() throws GitHubApiException;
    }
}
