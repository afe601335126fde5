package pw.fullstack.ephemeral.notifier.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import pw.fullstack.ephemeral.notifier.sync.PrUpdates;
import pw.fullstack.ephemeral.testkit.github.Comment;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;
import pw.fullstack.ephemeral.testkit.github.InjectGitHubDouble;
import pw.fullstack.ephemeral.testkit.github.RecordedRequest;

/**
 * What the notifier's service tests share: the running GitHub double, the broker, and waits on what
 * GitHub shows. Subclasses carry the same test resources, so Quarkus starts the application once.
 */
abstract class NotifierTestBase {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String REPO = "fullstack-pw/cks-backend";

    @InjectGitHubDouble
    GitHubDouble github;

    @Inject
    PrUpdates updates;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    /** The management interface (health, metrics, {@code /prs}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @ConfigProperty(name = "testkit.github.private-key")
    String appPrivateKey;

    LifecycleKafka kafka;

    @BeforeEach
    void connect() {
        kafka = new LifecycleKafka(bootstrap);
    }

    @AfterEach
    void disconnect() {
        github.failNext(0, 503);
        if (!github.isRunning()) {
            github.restartOnSamePort();
        }
        kafka.close();
    }

    RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }

    /** Waits until the PR's only comment satisfies the condition, and returns it. */
    Comment awaitComment(String repo, int number, Predicate<String> body) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Comment> comments = github.comments(repo, number);
            return comments.isEmpty() ? null : comments.get(comments.size() - 1);
        }, comment -> comment != null && body.test(comment.body()));
    }

    void awaitAllCommitted() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(kafka::allCommitted);
    }

    long writes() {
        return github.requests().stream().filter(RecordedRequest::isWrite).count();
    }

    /**
     * Nothing the notifier sends carries a credential outside the Authorization header: not the App
     * key, not a JWT it signed, not an installation token it was given.
     */
    void assertNoSecretInAnyRequestBody() {
        List<String> secrets = new java.util.ArrayList<>(github.issuedTokens());
        github.requests().stream().map(r -> r.header("authorization")).filter(java.util.Objects::nonNull)
                .map(h -> h.substring(h.indexOf(' ') + 1)).forEach(secrets::add);
        appPrivateKey.lines().filter(l -> !l.startsWith("-----") && l.length() > 20).forEach(secrets::add);
        assertThat(secrets).hasSizeGreaterThan(3);
        assertThat(github.requests()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.body()).doesNotContain("PRIVATE KEY");
            secrets.forEach(secret -> assertThat(r.body()).doesNotContain(secret));
            secrets.forEach(secret -> assertThat(r.query()).doesNotContain(secret));
        });
    }
}
