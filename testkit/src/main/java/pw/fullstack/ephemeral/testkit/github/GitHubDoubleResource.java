package pw.fullstack.ephemeral.testkit.github;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.Map;

/**
 * Gives a Quarkus test a {@link GitHubDouble} with a freshly generated GitHub App key. It returns
 * neutral properties for the service's configuration to refer to:
 *
 * <table>
 *   <tr><td>{@code testkit.github.url}</td><td>the double's base URL</td></tr>
 *   <tr><td>{@code testkit.github.app-id}</td><td>the App id</td></tr>
 *   <tr><td>{@code testkit.github.private-key}</td><td>the App's private key, PKCS#1 PEM as GitHub hands it out</td></tr>
 *   <tr><td>{@code testkit.github.bot-login}</td><td>{@code <slug>[bot]}</td></tr>
 * </table>
 *
 * <p>Init args: {@code app-id} (default 4242), {@code app-slug} (default {@code ephemeral-clusters}),
 * {@code installations} ({@code id:account,...}, default {@code 77:fullstack-pw}), {@code token}
 * ({@code token:login}, a plain token also accepted). A field {@code @InjectGitHubDouble GitHubDouble github;}
 * receives the running double.
 */
public class GitHubDoubleResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> initArgs = Map.of();
    private GitHubDouble github;

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        GitHubAppKey key = GitHubAppKey.generate();
        long appId = Long.parseLong(initArgs.getOrDefault("app-id", "4242"));
        GitHubDouble.Builder builder = GitHubDouble.builder()
                .app(appId, initArgs.getOrDefault("app-slug", "ephemeral-clusters"), key.publicKey());
        Arrays.stream(initArgs.getOrDefault("installations", "77:fullstack-pw").split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .forEach(pair -> builder.installation(Long.parseLong(pair.substring(0, pair.indexOf(':'))),
                        pair.substring(pair.indexOf(':') + 1)));
        String token = initArgs.get("token");
        if (token != null) {
            builder.token(token.substring(0, token.indexOf(':')), token.substring(token.indexOf(':') + 1));
        }
        github = builder.start();
        return Map.of(
                "testkit.github.url", github.url(),
                "testkit.github.app-id", Long.toString(appId),
                "testkit.github.private-key", key.privateKeyPem(),
                "testkit.github.bot-login", github.botLogin());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(github, new TestInjector.AnnotatedAndMatchesType(InjectGitHubDouble.class, GitHubDouble.class));
    }

    @Override
    public void stop() {
        if (github != null) {
            github.close();
            github = null;
        }
    }
}
