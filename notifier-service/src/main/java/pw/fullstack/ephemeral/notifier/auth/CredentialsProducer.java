package pw.fullstack.ephemeral.notifier.auth;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import pw.fullstack.ephemeral.github.auth.PemPrivateKey;
import pw.fullstack.ephemeral.notifier.NotifierConfig;
import pw.fullstack.ephemeral.notifier.github.GitHubClient;

/**
 * Chooses the credentials at start-up: a GitHub App ({@code notifier.github.app.id} and
 * {@code app.private-key}) or a token ({@code notifier.github.token}), exactly one of them. A missing
 * or unreadable setting stops start-up with a message naming it.
 */
@ApplicationScoped
public class CredentialsProducer {

    static final String PRIVATE_KEY_SETTING = "notifier.github.app.private-key";

    @Produces
    @ApplicationScoped
    @Startup
    GitHubCredentials credentials(NotifierConfig config, GitHubClient client) {
        NotifierConfig.GitHub github = config.github();
        boolean app = github.app().id().isPresent() || github.app().privateKey().isPresent();
        boolean token = github.token().filter(t -> !t.isBlank()).isPresent();
        if (app == token) {
            throw new IllegalStateException(app
                    ? "configure either notifier.github.token or notifier.github.app.*, not both"
                    : "configure notifier.github.app.id and notifier.github.app.private-key (a GitHub App) or notifier.github.token");
        }
        if (token) {
            return new TokenCredentials(github.token().get(), github.botLogin().orElse(null), client);
        }
        String appId = github.app().id().filter(id -> !id.isBlank())
                .orElseThrow(() -> new IllegalStateException("notifier.github.app.id is required with notifier.github.app.private-key"));
        String pem = github.app().privateKey()
                .orElseThrow(() -> new IllegalStateException("notifier.github.app.private-key is required with notifier.github.app.id"));
        return new AppCredentials(appId, PemPrivateKey.parse(pem, PRIVATE_KEY_SETTING), github.app().installationId(), github.botLogin(),
                github.tokenRefreshBefore(), TokenPermissions.used(config), client, Clock.systemUTC());
    }
}
