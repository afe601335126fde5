package pw.fullstack.ephemeral.notifier.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import pw.fullstack.ephemeral.github.auth.AppJwt;
import pw.fullstack.ephemeral.github.auth.InstallationTokens;
import pw.fullstack.ephemeral.notifier.github.GitHubClient;
import pw.fullstack.ephemeral.notifier.github.GitHubException;

/**
 * A GitHub App: a JWT from the App's key is exchanged for an installation token
 * ({@code POST /app/installations/{id}/access_tokens}) narrowed to the one repository it is for and
 * to the permissions the notifier uses, cached per repository until {@code token-refresh-before}
 * ahead of its {@code expires_at} and renewed at once when GitHub answers 401. The installation is
 * configured, or found per account with {@code GET /repos/{owner}/{repo}/installation} and found
 * again when GitHub no longer knows it (404: the App was reinstalled and got a new id); the bot login
 * is {@code <slug>[bot]} from {@code GET /app}. The cache and the re-resolution are github-app-auth's
 * {@link InstallationTokens}, shared with the github-bridge; the calls go through the notifier's client
 * (its lanes and rate-limit handling).
 */
final class AppCredentials implements GitHubCredentials {

    private final String appId;
    private final RSAPrivateKey key;
    private final Optional<Long> configuredInstallation;
    private final Optional<String> configuredLogin;
    private final GitHubClient client;
    private final Clock clock;
    private final InstallationTokens tokens;
    private volatile String login;

    AppCredentials(String appId, RSAPrivateKey key, Optional<Long> installation, Optional<String> login,
                   Duration refreshBefore, Map<String, String> permissions, GitHubClient client, Clock clock) {
        this.appId = appId;
        this.key = key;
        this.configuredInstallation = installation;
        this.configuredLogin = login;
        this.client = client;
        this.clock = clock;
        this.tokens = new InstallationTokens(installation, refreshBefore, permissions, new InstallationTokens.Api() {
            @Override
            public long installationOf(String owner, String repo) {
                return client.send("get-repository-installation", lane(owner),
                        () -> client.api().repositoryInstallation(jwt(), owner, repo)).body().path("id").asLong();
            }

            @Override
            public InstallationTokens.Token create(long installationId, String owner, String repo, Map<String, String> asked)
                    throws InstallationTokens.InstallationGone {
                Map<String, Object> narrowed = Map.of("repositories", java.util.List.of(repo), "permissions", asked);
                JsonNode body;
                try {
                    body = client.send("create-installation-token", lane(owner),
                            () -> client.api().createInstallationToken(jwt(), installationId, narrowed)).body();
                } catch (GitHubException.Refused e) {
                    if (e.status() == 404) {
                        throw new InstallationTokens.InstallationGone(e);
                    }
                    throw e;
                }
                return new InstallationTokens.Token(body.path("token").asText(), Instant.parse(body.path("expires_at").asText()));
            }
        }, clock);
    }

    @Override
    public String authorization(String owner, String repo) {
        return "Bearer " + tokens.token(owner, repo);
    }

    @Override
    public void invalidate(String owner) {
        tokens.invalidate(owner);
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

    private String jwt() {
        return "Bearer " + AppJwt.sign(appId, key, clock.instant());
    }

    private static String key(String owner) {
        return owner.toLowerCase(Locale.ROOT);
    }
}
