package pw.fullstack.ephemeral.notifier.auth;

import pw.fullstack.ephemeral.notifier.github.GitHubClient;

/** A personal or fine-grained token for every repository; its login from configuration or {@code GET /user}. */
final class TokenCredentials implements GitHubCredentials {

    static final String LANE = "token";

    private final String header;
    private final GitHubClient client;
    private volatile String login;

    TokenCredentials(String token, String configuredLogin, GitHubClient client) {
        this.header = "Bearer " + token;
        this.login = configuredLogin;
        this.client = client;
    }

    @Override
    public String authorization(String owner, String repo) {
        return header;
    }

    @Override
    public void invalidate(String owner) {
        // Nothing to renew: a refused token stays refused, and the call fails as Unauthorized.
    }

    @Override
    public String botLogin(String owner, String repo) {
        String known = login;
        if (known == null) {
            known = client.send("get-user", LANE, () -> client.api().user(header)).body().path("login").asText();
            login = known;
        }
        return known;
    }

    @Override
    public String lane(String owner) {
        return LANE;
    }

    @Override
    public String describe() {
        return "token" + (login == null ? "" : " (login " + login + ")");
    }
}
