package pw.fullstack.ephemeral.bridge.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static pw.fullstack.ephemeral.bridge.GitHubPayloads.bytes;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.deliver;
import static pw.fullstack.ephemeral.bridge.it.GitHubDeliveries.newDeliveryId;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.translation.DeliveryIds;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;
import pw.fullstack.ephemeral.testkit.github.GitHubDoubleResource;
import pw.fullstack.ephemeral.testkit.github.InjectGitHubDouble;
import pw.fullstack.ephemeral.testkit.github.PullRequest;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;

/**
 * The seed's {@code repository_dispatch} confirmed with GitHub (the testkit's double, as the GitHub App)
 * before anything is published: a dispatch naming a PR that does not exist, is closed, has another head or
 * comes from a fork is refused and publishes nothing; a confirmed one publishes GitHub's head and times, and
 * the same body sent again under a new delivery id publishes nothing new; while GitHub does not answer, 503,
 * and the redelivery is published once it does. Same profile as {@link MissedDeliveriesTest} (one start).
 */
@QuarkusTest
@TestProfile(MissedDeliveriesTest.AsTheGitHubApp.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(GitHubDoubleResource.class)
class DispatchVerificationTest {

    /** The management interface, where {@code /deliveries} is served: a port of its own, random in tests. */
    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL managementUrl;

    private static final String REPOSITORY = "fullstack-pw/cks-backend";
    private static final String HEAD = "0123456789abcdef0123456789abcdef01234567";
    private static final String OTHER = "89abcdef0123456789abcdef0123456789abcdef";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static LifecycleTopicReader topic;

    @InjectGitHubDouble
    GitHubDouble github;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void readTheTopic() {
        if (topic == null) {
            topic = new LifecycleTopicReader(bootstrap);
        }
    }

    /** The App's double is shared with MissedDeliveriesTest: it is running again, whatever a test did. */
    @AfterEach
    void gitHubAnswers() {
        if (!github.isRunning()) {
            github.restartOnSamePort();
        }
    }

    @AfterAll
    static void stopReading() {
        if (topic != null) {
            topic.close();
            topic = null;
        }
    }

    @Test
    void aDispatchForAPrThatDoesNotExistIsClosedHasAnotherHeadOrComesFromAForkIsRefusedAndPublishesNothing() {
        github.pullRequest(REPOSITORY, 9302, "feature/login", HEAD);
        github.closePullRequest(REPOSITORY, 9302, false);
        github.pullRequest(REPOSITORY, 9303, "feature/login", HEAD);
        PullRequest fork = github.pullRequest(REPOSITORY, 9304, "feature/login", HEAD);
        github.pullRequest(fork.fromFork("mallory/cks-backend"));

        refused(create(9301, null), "GitHub has no pull request " + REPOSITORY + "#9301");
        refused(create(9302, null), REPOSITORY + "#9302 is closed on GitHub");
        refused(create(9303, OTHER), "head_sha " + OTHER + " is not the head of " + REPOSITORY + "#9303");
        refused(create(9304, null), REPOSITORY + "#9304 comes from a fork");
        refused(dispatch("delete_ephemeral_cluster", 9303, null), REPOSITORY + "#9303 is open on GitHub");

        for (int number : List.of(9301, 9302, 9303, 9304)) {
            assertOnlyTheNextGoodDeliveryIsPublished(number);
        }
        given().port(managementUrl.getPort()).get("/deliveries").then().statusCode(200)
                .body("find { it.outcome == 'refused' }.status", equalTo(422));
    }

    @Test
    void aConfirmedDispatchPublishesGitHubsHeadAndTimesAndTheSameBodySentAgainPublishesNothingNew() {
        int number = 9311;
        PullRequest pr = github.pullRequest(REPOSITORY, number, "feature/login", HEAD);
        PullRequestRef ref = PullRequestRef.of(REPOSITORY, number);
        ObjectNode open = create(number, HEAD);
        ((ObjectNode) open.get("client_payload")).put("opened_at", "2030-01-01T00:00:00Z");

        String id = deliver("repository_dispatch", newDeliveryId(), bytes(open)).then().statusCode(200)
                .body("outcome", equalTo("published")).body("event", equalTo("PrOpened")).extract().path("id");
        deliver("repository_dispatch", newDeliveryId(), bytes(open)).then().statusCode(200)
                .body("outcome", equalTo("duplicate")).body("id", equalTo(id));

        assertThat(id).isEqualTo(DeliveryIds.pullRequestEventId(ref, pr.createdAt(), EventType.PR_OPENED));
        PullRequest closed = github.closePullRequest(REPOSITORY, number, true);
        ObjectNode close = dispatch("delete_ephemeral_cluster", number, null);
        deliver("repository_dispatch", newDeliveryId(), bytes(close)).then().statusCode(200).body("event", equalTo("PrClosed"));
        deliver("repository_dispatch", newDeliveryId(), bytes(close)).then().statusCode(200).body("outcome", equalTo("duplicate"));

        await().atMost(PATIENCE).until(() -> records(number).size() >= 2);
        List<EventEnvelope<LifecycleEvent>> records = records(number);
        assertThat(records).hasSize(2);
        PrOpened opened = (PrOpened) records.get(0).data();
        assertThat(opened.headSha().value()).isEqualTo(HEAD);
        assertThat(opened.openedAt()).as("GitHub's created_at, not the payload's opened_at").isEqualTo(pr.createdAt());
        assertThat(records.get(1).data()).isEqualTo(new PrClosed(ref, ClusterNaming.defaults().clusterName(ref), true,
                closed.closedAt()));
    }

    @Test
    void whileGitHubDoesNotAnswerADispatchIsAnswered503AndItsRedeliveryIsPublishedOnceGitHubAnswers() {
        int number = 9321;
        github.pullRequest(REPOSITORY, number, "feature/login", HEAD);
        String delivery = newDeliveryId();
        byte[] body = bytes(create(number, null));

        github.stop();
        deliver("repository_dispatch", delivery, body).then().statusCode(503)
                .body("outcome", equalTo("unavailable"))
                .body("message", startsWith("GitHub could not confirm the dispatch"));
        github.restartOnSamePort();
        deliver("repository_dispatch", delivery, body).then().statusCode(200).body("outcome", equalTo("published"));

        await().atMost(PATIENCE).until(() -> !records(number).isEmpty());
        assertThat(records(number)).singleElement().satisfies(e -> assertThat(e.id())
                .isEqualTo(DeliveryIds.pullRequestEventId(PullRequestRef.of(REPOSITORY, number),
                        github.findPullRequest(REPOSITORY, number).orElseThrow().createdAt(), EventType.PR_OPENED)));
    }

    private static void refused(ObjectNode dispatch, String reason) {
        deliver("repository_dispatch", newDeliveryId(), bytes(dispatch)).then().statusCode(422)
                .body("outcome", equalTo("refused")).body("message", startsWith(reason));
    }

    private static ObjectNode create(int number, String headSha) {
        return dispatch("create_ephemeral_cluster", number, headSha);
    }

    private static ObjectNode dispatch(String type, int number, String headSha) {
        ObjectNode dispatch = GitHubPayloads.repositoryDispatch();
        dispatch.put("action", type);
        ((ObjectNode) dispatch.get("repository")).put("full_name", "fullstack-pw/infra");
        ((ObjectNode) dispatch.get("repository").get("owner")).put("login", "fullstack-pw");
        ObjectNode payload = dispatch.putObject("client_payload").put("pr_number", Integer.toString(number))
                .put("repository", "cks-backend").put("branch", "feature/login");
        if (headSha != null) {
            payload.put("head_sha", headSha);
        }
        return dispatch;
    }

    private static void assertOnlyTheNextGoodDeliveryIsPublished(int number) {
        topic.assertOnlyTheNextGoodDeliveryIsPublished(REPOSITORY, number);
    }

    private static List<EventEnvelope<LifecycleEvent>> records(int number) {
        return topic.forPullRequest(REPOSITORY, number);
    }
}
