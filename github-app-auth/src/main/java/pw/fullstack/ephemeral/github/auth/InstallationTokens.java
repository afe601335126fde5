package pw.fullstack.ephemeral.github.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A GitHub App's installation tokens, each narrowed to the one repository it is for and to the
 * permissions given, cached per repository until {@code refreshBefore} ahead of its expiry. The
 * installation is configured, or found per owner ({@code GET /repos/{owner}/{repo}/installation}) and
 * found again when GitHub no longer knows it (a 404 on token creation: the App was reinstalled and got a
 * new id). The two calls are made by the service's own HTTP client ({@link Api}), so each service keeps
 * its own error handling and rate-limit accounting.
 */
public final class InstallationTokens {

    /** GitHub's two calls, authenticated with the App's JWT. */
    public interface Api {

        /** {@code GET /repos/{owner}/{repo}/installation}: the id of the installation that serves the repository. */
        long installationOf(String owner, String repo);

        /**
         * {@code POST /app/installations/{id}/access_tokens} with {@code repositories: [repo]} and the permissions.
         *
         * @throws InstallationGone when GitHub answers 404: the installation no longer exists
         */
        Token create(long installationId, String owner, String repo, Map<String, String> permissions) throws InstallationGone;
    }

    /** An installation token; a secret, so it never shows in {@link #toString()}. */
    public record Token(String value, Instant expiresAt) {

        public Token {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        public boolean freshAt(Instant now, Duration refreshBefore) {
            return now.isBefore(expiresAt.minus(refreshBefore));
        }

        @Override
        public String toString() {
            return "Token[expires " + expiresAt + "]";
        }
    }

    /** GitHub answered 404 to a token request: the installation is gone. {@link #failure()} is what the caller would have thrown. */
    public static final class InstallationGone extends Exception {

        private final RuntimeException failure;

        public InstallationGone(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }

        public RuntimeException failure() {
            return failure;
        }
    }

    private final Optional<Long> configuredInstallation;
    private final Duration refreshBefore;
    private final Map<String, String> permissions;
    private final Api api;
    private final Clock clock;
    private final Map<String, Long> installations = new ConcurrentHashMap<>(); // owner, lower-case
    private final Map<String, Token> tokens = new ConcurrentHashMap<>(); // owner/repo, lower-case

    public InstallationTokens(Optional<Long> configuredInstallation, Duration refreshBefore, Map<String, String> permissions,
                              Api api, Clock clock) {
        this.configuredInstallation = configuredInstallation;
        this.refreshBefore = refreshBefore;
        this.permissions = Map.copyOf(permissions);
        this.api = api;
        this.clock = clock;
    }

    /** A fresh token for {@code owner/repo}, from the cache or newly issued. */
    public String token(String owner, String repo) {
        String repository = key(owner) + "/" + key(repo);
        Token token = tokens.get(repository);
        if (token == null || !token.freshAt(clock.instant(), refreshBefore)) {
            token = issue(owner, repo);
            tokens.put(repository, token);
        }
        return token.value();
    }

    /** GitHub refused a token of {@code owner}'s (401): forget them, so the next call gets a fresh one. */
    public void invalidate(String owner) {
        tokens.keySet().removeIf(repository -> repository.startsWith(key(owner) + "/"));
    }

    private Token issue(String owner, String repo) {
        long installation = installationOf(owner, repo);
        try {
            return api.create(installation, owner, repo, permissions);
        } catch (InstallationGone gone) {
            if (configuredInstallation.isPresent()) {
                throw gone.failure();
            }
            // Reinstalled: the cached id is gone for good; ask GitHub which installation serves the owner now.
            installations.remove(key(owner), installation);
            try {
                return api.create(installationOf(owner, repo), owner, repo, permissions);
            } catch (InstallationGone again) {
                throw again.failure();
            }
        }
    }

    private long installationOf(String owner, String repo) {
        if (configuredInstallation.isPresent()) {
            return configuredInstallation.get();
        }
        return installations.computeIfAbsent(key(owner), k -> api.installationOf(owner, repo));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
