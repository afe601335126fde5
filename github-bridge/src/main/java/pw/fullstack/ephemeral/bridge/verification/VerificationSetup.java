package pw.fullstack.ephemeral.bridge.verification;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.bridge.BridgeConfig;
import pw.fullstack.ephemeral.bridge.github.GitHubRest;
import pw.fullstack.ephemeral.bridge.redelivery.RedeliveryCredentials;
import pw.fullstack.ephemeral.bridge.translation.DeliveryTranslator;

/**
 * Builds the dispatch verification from the GitHub credentials of {@code bridge.redelivery.*} (the same
 * App or token): without them every dispatch is refused, which the start-up log says.
 */
@Singleton
public class VerificationSetup {

    private static final Logger LOG = Logger.getLogger(VerificationSetup.class);

    @Produces
    @Singleton
    DispatchVerifier verifier(BridgeConfig config, DeliveryTranslator translator) {
        BridgeConfig.Redelivery settings = config.redelivery();
        Optional<RedeliveryCredentials> credentials = RedeliveryCredentials.of(settings, Clock.systemUTC());
        Optional<GitHubPullRequests> github = credentials.map(found -> {
            GitHubRest rest = new GitHubRest(settings.apiUrl(),
                    HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build(), settings.requestTimeout());
            return new GitHubPullRequests(rest, found.app()
                    ? RepositoryAuthorization.app(rest, found.authorization(), Clock.systemUTC())
                    : RepositoryAuthorization.token(found.authorization()));
        });
        if (credentials.isEmpty()) {
            LOG.warn("repository_dispatch deliveries will be refused: they are confirmed with GitHub, and no GitHub"
                    + " credentials are configured (bridge.redelivery.app.* or bridge.redelivery.token)");
        } else {
            LOG.infof("repository_dispatch deliveries are confirmed with GitHub as %s at %s, within %s",
                    credentials.get().description(), settings.apiUrl(), config.dispatch().verificationTimeout());
        }
        return new DispatchVerifier(translator, github, config.dispatch().verificationTimeout());
    }
}
