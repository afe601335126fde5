package pw.fullstack.ephemeral.notifier.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import pw.fullstack.ephemeral.github.auth.AppJwt;
import pw.fullstack.ephemeral.notifier.github.GitHubClient;
import pw.fullstack.ephemeral.notifier.github.GitHubException;

/**
 * A GitHub App: a JWT from the App's key is exchanged for an installation token
 * ({@code POST /app/installations/{id}/access_tokens}) narrowed to the one repository it is for and
 * to the permissions the notifier uses, cached per repository until {@code token-refresh-before}
 * ahead of its {@code expires_at} and renewed at once when GitHub answers 401. The installation is
 * configured, or found per account with {@code GET /repos/{owner}/{repo}/installation} and found
 * again when GitHub no longer knows it (404: the App was reinstalled and got a new id); the bot login
 * is {@code <slug>[bot]} from {@code GET /app}.
 */
final class AppCredentials implements GitHubCredentials {

    private final String appId;
    private final RSAPrivateKey key;
    private final Optional<Long> configuredInstallation;
    private final Optional<String> configuredLogin;
    private final Duration refreshBefore;
    private final GitHubClient client;
    private final Clock clock;
    private final Map<String, Long> installations = new ConcurrentHashMap<>();
    private final Map<String, InstallationToken> tokens = new ConcurrentHashMap<>(); // owner/repo, lower-case
    private final Map<String, String> permissions;
    private volatile String login;

    record InstallationToken(String value, Instant expiresAt) {
        boolean freshAt(Instant now, Duration refreshBefore) {
            return now.isBefore(expiresAt.minus(refreshBefore));
        }

        @Override
        public String toString() {
            return "InstallationToken[expires " + expiresAt + "]";
        }
    }

    AppCredentials(String appId, RSAPrivateKey key, Optional<Long> installation, Optional<String> login,
                   Duration refreshBefore, Map<String, String> permissions, GitHubClient client, Clock clock) {
        this.appId = appId;
        this.permissions = Map.copyOf(permissions);
        this.key = key;
        this.configuredInstallation = installation;
        this.configuredLogin = login;
        this.refreshBefore = refreshBefore;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String authorization(String owner, String repo) {
        String repository = key(owner) + "/" + key(repo);
        Instant now = clock.instant();
        InstallationToken token = tokens.get(repository);
        if (token == null || !token.freshAt(now, refreshBefore)) {
            token = exchange(owner, repo);
            tokens.put(repository, token);
        }
        return "Bearer " + token.value();
    }

    @Override
    public void invalidate(String owner) {
        tokens.keySet().removeIf(repository -> repository.startsWith(key(owner) + "/"));
    }

    @Override
    public String botLogin(String owner, String repo) {
        if (configuredLogin.isPresent()) {
            return configuredLogin.get();
        }
        String known = login;
        if (known == null) {
            JsonNode app = client.send("get-app", lane(owner), () -> client.api().app(jwt())).body();
            known = app.path("slug").asText() + "[bot]";
            login = known;
        }
        return known;
    }

    @Override
    public String lane(String owner) {
        return key(owner);
    }

    @Override
    public String describe() {
        return "GitHub App " + appId + configuredInstallation.map(id -> ", installation " + id).orElse(", installations by owner")
                + (login == null ? "" : " (login " + login + ")");
    }

    private long installation(String owner, String repo) {
        if (configuredInstallation.isPresent()) {
            return configuredInstallation.get();
        }
        return installations.computeIfAbsent(key(owner), k -> client.send("get-repository-installation", lane(owner),
                () -> client.api().repositoryInstallation(jwt(), owner, repo)).body().path("id").asLong());
    }

    private InstallationToken exchange(String owner, String repo) {
        Map<String, Object> narrowed = Map.of("repositories", java.util.List.of(repo), "permissions", permissions);
        long installation = installation(owner, repo);
        JsonNode body;
        try {
            body = client.send("create-installation-token", lane(owner),
                    () -> client.api().createInstallationToken(jwt(), installation, narrowed)).body();
        } catch (GitHubException.Refused e) {
            if (e.status() != 404 || configuredInstallation.isPresent()) {
                throw e;
            }
            // Reinstalled: the cached id is gone for good; ask GitHub which installation serves the owner now.
            installations.remove(key(owner), installation);
            long current = installation(owner, repo);
            body = client.send("create-installation-token", lane(owner),
                    () -> client.api().createInstallationToken(jwt(), current, narrowed)).body();
        }
        return new InstallationToken(body.path("token").asText(), Instant.parse(body.path("expires_at").asText()));
    }

    private String jwt() {
        return "Bearer " + AppJwt.sign(appId, key, clock.instant());
    }

    private static String key(String owner) {
        return owner.toLowerCase(Locale.ROOT);
    }
}
