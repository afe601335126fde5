package pw.fullstack.ephemeral.bridge.redelivery;

import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import pw.fullstack.ephemeral.github.auth.AppJwt;
import pw.fullstack.ephemeral.github.auth.PemPrivateKey;

/**
 * Which webhooks the pass reads and how it authenticates: as the GitHub App (its own webhook,
 * {@code /app/hook}, with a fresh App JWT per request: GitHub accepts only the JWT there), or with a
 * token for the listed repository and organisation webhooks. Neither configured: the pass is off.
 * Anything half configured, or both, stops start-up with a message naming the settings.
 *
 * @param hooks         the webhooks
 * @param authorization the {@code Authorization} header value (a secret: sent to GitHub's API only)
 * @param description   for logs and the readiness check, without the secret
 */
public record RedeliveryCredentials(List<HookEndpoint> hooks, Supplier<String> authorization, String description) {

    static final String APP_ID = "bridge.redelivery.app.id";
    static final String PRIVATE_KEY = "bridge.redelivery.app.private-key";
    static final String TOKEN = "bridge.redelivery.token";

    public static Optional<RedeliveryCredentials> of(Optional<String> appId, Optional<String> privateKey, Optional<String> token,
                                                     List<String> hooks, Clock clock) {
        Optional<String> id = appId.filter(v -> !v.isBlank());
        Optional<String> pem = privateKey.filter(v -> !v.isBlank());
        Optional<String> bearer = token.filter(v -> !v.isBlank());
        boolean app = id.isPresent() || pem.isPresent();
        boolean withToken = bearer.isPresent() || !hooks.isEmpty();
        if (app && withToken) {
            throw new IllegalStateException("configure either " + APP_ID + " and " + PRIVATE_KEY + " (the App's webhook) or "
                    + TOKEN + " and " + HookEndpoint.SETTING + " (repository or organisation webhooks), not both");
        }
        if (app) {
            if (id.isEmpty() || pem.isEmpty()) {
                throw new IllegalStateException("configure both " + APP_ID + " and " + PRIVATE_KEY);
            }
            if (!id.get().matches("[0-9]{1,19}")) {
                throw new IllegalStateException(APP_ID + " is the App's numeric id (its settings page), not its client id");
            }
            RSAPrivateKey key = PemPrivateKey.parse(pem.get(), PRIVATE_KEY);
            String appIdValue = id.get();
            return Optional.of(new RedeliveryCredentials(List.of(HookEndpoint.app()),
                    () -> "Bearer " + AppJwt.sign(appIdValue, key, clock.instant()), "GitHub App " + appIdValue));
        }
        if (withToken) {
            if (bearer.isEmpty() || hooks.isEmpty()) {
                throw new IllegalStateException("configure both " + TOKEN + " and " + HookEndpoint.SETTING);
            }
            String header = "Bearer " + bearer.get();
            return Optional.of(new RedeliveryCredentials(hooks.stream().map(HookEndpoint::parse).toList(), () -> header,
                    "a token"));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "RedeliveryCredentials[" + description + " for " + hooks.stream().map(HookEndpoint::name).toList() + "]";
    }
}
